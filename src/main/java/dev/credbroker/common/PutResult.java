package dev.credbroker.common;

/** The outcome of a create-or-replace: the stored value, and whether it was new. */
public record PutResult<T>(T value, boolean created) {
}
