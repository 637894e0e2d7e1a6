package dev.credbroker.issuance;

import java.time.Duration;

/** Hands out issued credentials for a workload: from the cache when it can, from STS when it must. */
public interface CredentialVending {

	/**
	 * Credentials for the key, waiting at most {@code deadline} for STS. A fresh cached entry answers at once (and
	 * starts a background renewal when one is due); a miss starts one STS call per key, whoever else waits for it.
	 * @throws IssuanceException when no credentials can be served; the STS call may go on in the background
	 */
	CachedCredentials credentialsFor(IssuanceKey key, Duration deadline);

}
