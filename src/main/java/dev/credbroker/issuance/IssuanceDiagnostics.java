package dev.credbroker.issuance;

import java.time.Instant;

/**
 * Operator checks against STS that do not touch the cache: dry runs and decoding
 * AccessDenied messages.
 */
public interface IssuanceDiagnostics {

	/**
	 * Issues through the workload's recipe (uncached) and asks STS who the result is.
	 * Never returns the secrets.
	 */
	DryRun dryRun(String workload);

	/**
	 * STS DecodeAuthorizationMessage through the named source: the decoded JSON document.
	 */
	String decodeAuthorizationMessage(String source, String encodedMessage);

	/** What a dry run found: the identity the recipe yields and until when. */
	record DryRun(String arn, String account, Instant expiration) {
	}

}
