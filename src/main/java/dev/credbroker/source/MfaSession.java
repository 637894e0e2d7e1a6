package dev.credbroker.source;

import java.time.Instant;

import dev.credbroker.crypto.Secret;

/**
 * The temporary credentials STS GetSessionToken returned for a source's MFA device, valid
 * until {@code expiration}.
 */
public record MfaSession(String sourceName, String accessKeyId, Secret secretAccessKey, Secret sessionToken,
		Instant expiration) {

	public boolean isActiveAt(Instant now) {
		return now.isBefore(this.expiration);
	}

}
