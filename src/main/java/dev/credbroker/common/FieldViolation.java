package dev.credbroker.common;

/** One rejected field of a request and what would be allowed instead. */
public record FieldViolation(String field, String message) {
}
