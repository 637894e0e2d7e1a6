package dev.credbroker.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows token guessing: after {@code limit} unknown tokens from one client address within
 * a window, further unknown tokens from that address are refused unchecked until the
 * window (counted from its first unknown token) ends.
 * <p>
 * The brake never refuses a known token: callers look the token up first and consult the
 * brake only for tokens they do not know. So a pod that keeps retrying a deleted token,
 * or a sidecar layout where every caller is 127.0.0.1, cannot lock valid workloads out.
 * <p>
 * When an address is braked, one WARN line says so; lines are rate-limited across
 * addresses (at most one per {@code warnInterval}, the next one counting those left out).
 */
public final class BadTokenBrake {

	private static final Logger log = LoggerFactory.getLogger(BadTokenBrake.class);

	private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

	private final String guarded;

	private final int limit;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final Cache<String, Strikes> failures;

	private final AtomicLong nextWarningNanos;

	private final AtomicInteger unwarned = new AtomicInteger();

	/**
	 * @param guarded what the brake guards, for the log line (e.g. "the container
	 * endpoint")
	 * @param limit unknown tokens per address and window before the brake engages; 0
	 * turns it off
	 * @param window how long the brake counts and holds, from an address's first unknown
	 * token
	 */
	public BadTokenBrake(String guarded, int limit, Duration window) {
		this(guarded, limit, window, System::nanoTime);
	}

	BadTokenBrake(String guarded, int limit, Duration window, LongSupplier nanoTime) {
		this.guarded = guarded;
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
		this.nextWarningNanos = new AtomicLong(nanoTime.getAsLong());
		this.failures = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(window)
			.ticker(nanoTime::getAsLong)
			.build();
	}

	/**
	 * How much longer unknown tokens from the address are refused: zero when they are
	 * not.
	 */
	public Duration brakedFor(String clientAddress) {
		if (this.limit <= 0) {
			return Duration.ZERO;
		}
		Strikes strikes = this.failures.getIfPresent(clientAddress);
		if (strikes == null || strikes.count().get() < this.limit) {
			return Duration.ZERO;
		}
		long left = strikes.firstNanos() + this.windowNanos - this.nanoTime.getAsLong();
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	/**
	 * Counts an unknown token from the address; logs once when that engages the brake.
	 */
	public void recordBadToken(String clientAddress) {
		if (this.limit <= 0) {
			return;
		}
		int count = this.failures
			.get(clientAddress, (address) -> new Strikes(this.nanoTime.getAsLong(), new AtomicInteger()))
			.count()
			.incrementAndGet();
		if (count == this.limit) {
			warnEngaged(clientAddress, count);
		}
	}

	private void warnEngaged(String clientAddress, int count) {
		long now = this.nanoTime.getAsLong();
		long next = this.nextWarningNanos.get();
		if (now - next < 0 || !this.nextWarningNanos.compareAndSet(next, now + WARN_INTERVAL.toNanos())) {
			this.unwarned.incrementAndGet();
			return;
		}
		int others = this.unwarned.getAndSet(0);
		log.warn(
				"Bad-token brake engaged for {} on {}: {} unknown tokens within {} s; further unknown tokens from it "
						+ "are refused until the window ends{}",
				clientAddress, this.guarded, count, Duration.ofNanos(this.windowNanos).toSeconds(),
				(others > 0) ? " (" + others + " more addresses braked since the last such line)" : "");
	}

	/** A {@code Retry-After} in whole seconds that does not end before the wait does. */
	public static long wholeSecondsUp(Duration wait) {
		long seconds = wait.toSeconds();
		return (wait.minusSeconds(seconds).isZero()) ? seconds : seconds + 1;
	}

	/** The unknown tokens from one address since the first of them. */
	private record Strikes(long firstNanos, AtomicInteger count) {
	}

}
