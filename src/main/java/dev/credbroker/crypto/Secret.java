package dev.credbroker.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret value (secret access key, session token, workload or admin token). Its
 * {@link #toString()} and its JSON form are masked, so it never reaches a log line or a
 * response body by accident; {@link #reveal()} is the one deliberate way out.
 */
public final class Secret {

	private static final String MASK = "****";

	private final String value;

	private Secret(String value) {
		this.value = value;
	}

	@JsonCreator
	public static Secret of(String value) {
		Objects.requireNonNull(value, "value");
		return new Secret(value);
	}

	public static Secret ofNullable(String value) {
		return (value != null) ? new Secret(value) : null;
	}

	/**
	 * The plain value, for the few places that must hand it on (STS signing, the one-time
	 * token answer).
	 */
	public String reveal() {
		return this.value;
	}

	public boolean isBlank() {
		return this.value.isBlank();
	}

	public int length() {
		return this.value.length();
	}

	/** Compares in constant time. */
	public boolean matches(Secret other) {
		return other != null && MessageDigest.isEqual(this.value.getBytes(StandardCharsets.UTF_8),
				other.value.getBytes(StandardCharsets.UTF_8));
	}

	@JsonValue
	public String masked() {
		return MASK;
	}

	@Override
	public String toString() {
		return MASK;
	}

}
