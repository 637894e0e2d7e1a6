package dev.credbroker.issuance;

import java.time.Instant;

import dev.credbroker.crypto.Secret;

/**
 * What STS returned for a workload: cached in memory only, never persisted, never logged.
 *
 * @param accountId the AWS account of the issued identity, when STS told it
 * @param roleArn the role assumed, for assume-role recipes
 */
public record IssuedCredentials(String accessKeyId, Secret secretAccessKey, Secret sessionToken, Instant expiration,
		String accountId, String roleArn) {

	/**
	 * The same credentials with an earlier expiration: they must not outlive the MFA
	 * session they came from.
	 */
	public IssuedCredentials expiringNoLaterThan(Instant limit) {
		if (limit == null || !limit.isBefore(this.expiration)) {
			return this;
		}
		return new IssuedCredentials(this.accessKeyId, this.secretAccessKey, this.sessionToken, limit, this.accountId,
				this.roleArn);
	}

}
