package dev.credbroker.source;

/**
 * A key rotation step failed; the message says which step, and that the old key still
 * works.
 */
public class KeyRotationException extends RuntimeException {

	public KeyRotationException(String message) {
		super(message, null, false, false);
	}

}
