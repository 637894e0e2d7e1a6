package dev.credbroker.identity;

/**
 * An OIDC token that proves no workload. The message names the check that failed
 * (expired, wrong audience, unknown issuer, ...) and never holds the token.
 */
public class IdentityRejectedException extends RuntimeException {

	public IdentityRejectedException(String message) {
		super(message, null, false, false);
	}

}
