package dev.credbroker.crypto;

/** The configured master key is not the one the store's secrets were sealed with. */
public class MasterKeyMismatchException extends RuntimeException {

	public MasterKeyMismatchException(String message) {
		super(message);
	}

}
