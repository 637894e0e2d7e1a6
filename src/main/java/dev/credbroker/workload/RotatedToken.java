package dev.credbroker.workload;

import java.time.Instant;

/**
 * A workload token that was rotated out: its SHA-256 hash, and when its grace period
 * ends.
 */
public record RotatedToken(String hash, Instant validUntil) {

	public boolean isValidAt(Instant now) {
		return now.isBefore(this.validUntil);
	}

}
