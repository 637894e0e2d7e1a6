package dev.credbroker.source;

/**
 * STS refused the MFA code (wrong, expired or reused). Never retried: the operator must
 * send a fresh code.
 */
public class MfaCodeRejectedException extends RuntimeException {

	public MfaCodeRejectedException(String message) {
		super(message, null, false, false);
	}

}
