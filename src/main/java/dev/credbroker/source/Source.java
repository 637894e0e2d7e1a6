package dev.credbroker.source;

import java.time.Instant;

import dev.credbroker.crypto.Secret;

/**
 * A named set of long-lived credentials the broker holds. {@code accessKeyId} and
 * {@code secretAccessKey} are set only for {@link SourceType#STATIC}, {@code profile}
 * only for {@link SourceType#PROFILE}.
 */
public record Source(String name, SourceType type, String accessKeyId, Secret secretAccessKey, String profile,
		String mfaSerial, String region, long version, Instant createdAt, Instant updatedAt) {

	public boolean hasMfaSerial() {
		return this.mfaSerial != null;
	}

	/**
	 * Whether STS GetFederationToken and GetSessionToken can be called with it: long-term
	 * keys, no MFA in front.
	 */
	public boolean holdsPlainLongTermKeys() {
		return this.type == SourceType.STATIC && !hasMfaSerial();
	}

	/** The access key id as shown to operators: {@code AKIA…WXYZ}. */
	public String maskedAccessKeyId() {
		return AccessKeyIds.mask(this.accessKeyId);
	}

}
