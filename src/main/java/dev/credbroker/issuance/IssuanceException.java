package dev.credbroker.issuance;

/**
 * Why credentials could not be issued. {@link #code()} is the error code the container
 * endpoint answers with; the message says what happened and what to do, and never carries
 * a secret.
 */
public abstract class IssuanceException extends RuntimeException {

	protected IssuanceException(String message) {
		super(message, null, false, false);
	}

	public abstract String code();

}
