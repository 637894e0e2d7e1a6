package dev.credbroker.endpoint.internal;

import java.util.concurrent.atomic.AtomicInteger;

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

	private final Cache<String, AtomicInteger> failures;

	BadTokenBrake(EndpointProperties properties) {
		this.limit = properties.badTokenLimit();
		this.failures = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(properties.badTokenWindow())
			.build();
	}

	boolean isBraked(String clientAddress) {
		if (this.limit <= 0) {
			return false;
		}
		AtomicInteger count = this.failures.getIfPresent(clientAddress);
		return count != null && count.get() >= this.limit;
	}

	void recordBadToken(String clientAddress) {
		if (this.limit > 0) {
			this.failures.get(clientAddress, (address) -> new AtomicInteger()).incrementAndGet();
		}
	}

}
