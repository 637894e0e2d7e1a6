package dev.credbroker.common;

/** A named thing (source, workload) does not exist. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
