package dev.credbroker.source;

import java.time.Instant;

/** Operator chores on a source: MFA sessions and access key rotation. */
public interface SourceMaintenance {

	/**
	 * Opens an MFA session with a code from the source's MFA device; every issuance from
	 * the source uses it until it expires. @return the session's expiration
	 */
	Instant openMfaSession(String sourceName, String tokenCode, Integer durationSeconds);

	/** Ends the source's MFA session, if any; issuance from it then needs a new one. */
	boolean endMfaSession(String sourceName);

	/**
	 * Replaces a static source's access key with a new one of the same IAM user, then
	 * deletes the old one.
	 */
	KeyRotation rotateAccessKey(String sourceName);

	/**
	 * The outcome of a rotation. {@code warning} is set when the old key could not be
	 * deleted.
	 */
	record KeyRotation(Source source, String previousAccessKeyId, boolean previousKeyDeleted, String warning) {
	}

}
