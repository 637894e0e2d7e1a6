package dev.credbroker.source;

import java.util.Arrays;
import java.util.Optional;

/** Where a source's long-lived credentials come from. */
public enum SourceType {

	/** An access key id and secret access key given over the admin API. */
	STATIC("static"),

	/** The AWS SDK default credential provider chain of the broker's own environment. */
	DEFAULT_CHAIN("default-chain"),

	/** A named profile from the broker's AWS config files. */
	PROFILE("profile");

	private final String wireName;

	SourceType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static Optional<SourceType> fromWireName(String name) {
		return Arrays.stream(values()).filter((type) -> type.wireName.equals(name)).findFirst();
	}

}
