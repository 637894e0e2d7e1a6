package dev.credbroker.common;

/**
 * The request is well formed but clashes with the current state (a source still in use,
 * no MFA serial...).
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
