package dev.credbroker.workload;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which STS call turns a source into issued credentials for a workload. */
public enum RecipeType {

	/** STS AssumeRole into the recipe's role. */
	ASSUME_ROLE("assume-role"),

	/** STS GetFederationToken, scoped by a session policy or policy ARNs. */
	FEDERATION_TOKEN("federation-token"),

	/** STS GetSessionToken: plain short-lived credentials of the source. */
	SESSION_TOKEN("session-token");

	private final String wireName;

	RecipeType(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	static RecipeType ofWireName(String name) {
		return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown recipe type " + name));
	}

	public static Optional<RecipeType> fromWireName(String name) {
		return Arrays.stream(values()).filter((type) -> type.wireName.equals(name)).findFirst();
	}

}
