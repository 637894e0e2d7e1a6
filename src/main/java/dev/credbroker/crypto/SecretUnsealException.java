package dev.credbroker.crypto;

/** A sealed value did not open: another master key, another context, or altered bytes. */
public class SecretUnsealException extends RuntimeException {

	public SecretUnsealException(String message) {
		super(message);
	}

}
