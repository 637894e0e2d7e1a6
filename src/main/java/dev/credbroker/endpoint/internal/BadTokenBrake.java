package dev.credbroker.endpoint.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.credbroker.endpoint.EndpointProperties;

/**
 * Slows token guessing: after {@code badTokenLimit} unknown tokens from one client
 * address within a window, that address is refused until the window (counted from its
 * first bad token) ends.
 */
class BadTokenBrake {

	private final int limit;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final Cache<String, Strikes> failures;

	BadTokenBrake(EndpointProperties properties) {
		this(properties.badTokenLimit(), properties.badTokenWindow(), System::nanoTime);
	}

	BadTokenBrake(int limit, Duration window, LongSupplier nanoTime) {
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
		this.failures = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(window)
			.ticker(nanoTime::getAsLong)
			.build();
	}

	/**
	 * How much longer the address is refused: zero when it is not.
	 */
	Duration brakedFor(String clientAddress) {
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

	void recordBadToken(String clientAddress) {
		if (this.limit > 0) {
			this.failures.get(clientAddress, (address) -> new Strikes(this.nanoTime.getAsLong(), new AtomicInteger()))
				.count()
				.incrementAndGet();
		}
	}

	/** The unknown tokens from one address since the first of them. */
	private record Strikes(long firstNanos, AtomicInteger count) {
	}

}
