package dev.credbroker.endpoint.internal;

import java.time.Instant;

import dev.credbroker.issuance.IssuanceKey;

/**
 * What a workload token admits to: the workload's cache key and whether it is enabled. A rotated-out token's ticket
 * carries the end of its grace period.
 */
record WorkloadTicket(IssuanceKey key, boolean enabled, Instant validUntil) {

	boolean isValidAt(Instant now) {
		return this.validUntil == null || now.isBefore(this.validUntil);
	}

}
