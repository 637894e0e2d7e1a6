package dev.credbroker.common;

import java.util.regex.Pattern;

/**
 * The rule for source and workload names: they appear in URLs, role session names and
 * logs.
 */
public final class Names {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	public static final String RULE = "1-63 characters of a-z, 0-9 and '-', starting with a letter or digit";

	private Names() {
	}

	public static boolean isValid(String name) {
		return name != null && NAME.matcher(name).matches();
	}

	public static void requireValid(String field, String name) {
		if (!isValid(name)) {
			throw InvalidRequestException.of(field, "must be " + RULE);
		}
	}

}
