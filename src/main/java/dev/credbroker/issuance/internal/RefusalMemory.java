package dev.credbroker.issuance.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.IssuanceKey;

/**
 * Refusals (STS refused a recipe, a source has no usable MFA session) remembered per
 * cache key, so that SDK retries fail at once instead of calling STS and writing an audit
 * row each time.
 * <p>
 * Each source has an epoch that moves on every change to it (local, or replayed from
 * another replica). An issuance notes the epoch before it reads the source, and its
 * refusal is remembered only for that epoch: a fix to the source (a new secret, a rotated
 * key, a new MFA session) makes the next request try again at once, even when the refusal
 * of an issuance that was already in flight arrives after the fix. A changed workload has
 * a new cache key, so its old refusals are never consulted.
 */
final class RefusalMemory {

	private final ConcurrentMap<String, AtomicLong> sourceEpochs = new ConcurrentHashMap<>();

	private final Cache<IssuanceKey, Refusal> refusals;

	private final Clock clock;

	RefusalMemory(long maximumSize, Clock clock) {
		this.clock = clock;
		this.refusals = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(new UntilItEnds(clock))
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	/** The epoch of the source now; note it before reading the source. */
	long epochOf(String source) {
		AtomicLong epoch = this.sourceEpochs.get(source);
		return (epoch != null) ? epoch.get() : 0;
	}

	/** The source changed: every refusal obtained with it is void. */
	void sourceChanged(String source) {
		this.sourceEpochs.computeIfAbsent(source, (name) -> new AtomicLong()).incrementAndGet();
		forget((key) -> key.source().equals(source));
	}

	/** The refusal still in force for the key, or {@code null}. */
	IssuanceException refusalFor(IssuanceKey key) {
		Refusal refusal = this.refusals.getIfPresent(key);
		return (refusal != null && refusal.sourceEpoch() == epochOf(key.source())) ? refusal.failure() : null;
	}

	/**
	 * Remembers a refusal obtained with the source at {@code sourceEpoch} until
	 * {@code until}, unless the source changed meanwhile.
	 * @return whether it was remembered
	 */
	boolean remember(IssuanceKey key, long sourceEpoch, IssuanceException refusal, Instant until) {
		if (epochOf(key.source()) != sourceEpoch) {
			return false;
		}
		this.refusals.put(key, new Refusal(refusal, sourceEpoch, until));
		return true;
	}

	void forget(Predicate<IssuanceKey> which) {
		this.refusals.asMap().keySet().removeIf(which);
	}

	Instant now() {
		return this.clock.instant();
	}

	private record Refusal(IssuanceException failure, long sourceEpoch, Instant until) {
	}

	private static final class UntilItEnds implements Expiry<IssuanceKey, Refusal> {

		private final Clock clock;

		UntilItEnds(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(IssuanceKey key, Refusal refusal, long currentTime) {
			return Math.max(0, Duration.between(this.clock.instant(), refusal.until()).toNanos());
		}

		@Override
		public long expireAfterUpdate(IssuanceKey key, Refusal refusal, long currentTime, long currentDuration) {
			return expireAfterCreate(key, refusal, currentTime);
		}

		@Override
		public long expireAfterRead(IssuanceKey key, Refusal refusal, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
