package dev.credbroker.endpoint.internal;

import java.time.Instant;

import io.github.resilience4j.ratelimiter.RateLimiter;

import dev.credbroker.issuance.IssuanceKey;

/**
 * What a workload token admits to: the workload's cache key, whether it is enabled, and
 * its request rate limiter ({@code null} when unlimited). A rotated-out token's ticket
 * carries the end of its grace period.
 */
record WorkloadTicket(IssuanceKey key, boolean enabled, RateLimiter rateLimiter, Instant validUntil) {

	boolean isValidAt(Instant now) {
		return this.validUntil == null || now.isBefore(this.validUntil);
	}

	boolean tryAcquire() {
		return this.rateLimiter == null || this.rateLimiter.acquirePermission();
	}

}
