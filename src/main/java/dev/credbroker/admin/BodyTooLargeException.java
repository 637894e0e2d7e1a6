package dev.credbroker.admin;

import java.io.IOException;

/** An admin request body went past the 64 KiB limit. */
class BodyTooLargeException extends IOException {

	static final String MESSAGE = "The request body exceeds 64 KiB";

	BodyTooLargeException() {
		super(MESSAGE);
	}

	static boolean isCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

}
