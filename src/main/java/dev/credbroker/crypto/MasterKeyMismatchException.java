package dev.credbroker.crypto;

/**
 * The configured master key (and every previous key) is not the one the store's secrets
 * were sealed with.
 */
public class MasterKeyMismatchException extends MasterKeyException {

	public MasterKeyMismatchException(String problem, String action) {
		super(problem, action);
	}

}
