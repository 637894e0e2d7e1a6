package dev.credbroker.issuance;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Hands out issued credentials for a workload: from the cache when it can, from STS when
 * it must.
 */
public interface CredentialVending {

	/**
	 * Credentials for the key, never blocking: a fresh cached entry is an already
	 * completed future (which also starts a background renewal when one is due); a miss
	 * starts one STS call per key, whoever else waits for it, and the future fails with
	 * {@link UpstreamUnavailableException} once {@code deadline} passes while the call
	 * goes on in the background. Stale but still servable credentials are renewed,
	 * waiting at most the deadline before the cached ones are served anyway. Failures are
	 * {@link IssuanceException}s.
	 */
	default CompletableFuture<CachedCredentials> credentialsAsync(IssuanceKey key, Duration deadline) {
		return credentialsAsync(key, deadline, TOKEN_PROOF);
	}

	/**
	 * {@link #credentialsAsync(IssuanceKey, Duration)} for a caller that proved itself as
	 * {@code proof} ({@code token}, or {@code oidc:<issuer>:<subject>}), which the audit
	 * event of an issuance it starts records.
	 */
	CompletableFuture<CachedCredentials> credentialsAsync(IssuanceKey key, Duration deadline, String proof);

	/** How a caller with a static workload token proved itself. */
	String TOKEN_PROOF = "token";

	/**
	 * The cached credentials for the key if they can be served now (fresh, or stale but
	 * still before the serve margin), else {@code null}; never calls STS. For a caller
	 * that cannot wait (too many requests are waiting already).
	 */
	CachedCredentials servableNow(IssuanceKey key);

	/** {@link #credentialsAsync} waited for (at most the deadline). */
	default CachedCredentials credentialsFor(IssuanceKey key, Duration deadline) {
		try {
			return credentialsAsync(key, deadline).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof IssuanceException issuance) {
				throw issuance;
			}
			throw ex;
		}
	}

}
