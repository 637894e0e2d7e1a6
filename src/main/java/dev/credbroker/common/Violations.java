package dev.credbroker.common;

import java.util.ArrayList;
import java.util.List;

/** Collects field violations so that a request is judged whole, then fails once. */
public final class Violations {

	private final List<FieldViolation> found = new ArrayList<>();

	public Violations add(String field, String message) {
		this.found.add(new FieldViolation(field, message));
		return this;
	}

	public boolean isEmpty() {
		return this.found.isEmpty();
	}

	public void throwIfAny() {
		if (!this.found.isEmpty()) {
			throw new InvalidRequestException(this.found);
		}
	}

}
