package dev.credbroker.common;

import java.util.List;

/** A request broke one or more validation rules; nothing was stored. */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidRequestException(List<FieldViolation> violations) {
		super(violations.isEmpty() ? "invalid request"
				: violations.get(0).field() + ": " + violations.get(0).message());
		this.violations = List.copyOf(violations);
	}

	public static InvalidRequestException of(String field, String message) {
		return new InvalidRequestException(List.of(new FieldViolation(field, message)));
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
