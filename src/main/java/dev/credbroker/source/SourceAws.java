package dev.credbroker.source;

import java.util.Optional;

import dev.credbroker.crypto.Secret;

/**
 * What the source module needs from AWS (STS and IAM), implemented where the AWS clients
 * live. Implementations throw {@link AwsOperationException} with a secret-free message
 * when AWS refuses or cannot be reached.
 */
public interface SourceAws {

	/**
	 * STS GetSessionToken with the source's long-term credentials, its MFA serial and the
	 * given code.
	 */
	MfaSession openMfaSession(Source source, String tokenCode, int durationSeconds);

	/** IAM CreateAccessKey for the source's own IAM user, signed with its current key. */
	NewAccessKey createAccessKey(Source source);

	/**
	 * STS GetCallerIdentity with the given key, retried briefly while IAM's change
	 * propagates.
	 */
	void verifyAccessKey(Source source, NewAccessKey key);

	/**
	 * IAM DeleteAccessKey of {@code accessKeyId} for the source's user, signed with
	 * {@code signingKey}.
	 */
	void deleteAccessKey(Source source, NewAccessKey signingKey, String accessKeyId);

	/**
	 * For a default-chain or profile source: which provider answered
	 * ("SystemPropertyCredentialsProvider", ...).
	 */
	Optional<String> answeringProvider(Source source);

	/** A freshly created access key. */
	record NewAccessKey(String accessKeyId, Secret secretAccessKey) {
	}

	/**
	 * AWS refused or failed an operation; {@code rejected} says whether retrying could
	 * help.
	 */
	class AwsOperationException extends RuntimeException {

		private final boolean rejected;

		public AwsOperationException(String message, boolean rejected) {
			super(message, null, false, false);
			this.rejected = rejected;
		}

		public boolean rejected() {
			return this.rejected;
		}

	}

}
