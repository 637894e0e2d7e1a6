package dev.credbroker.ops;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URLs as a log line may show them: the store named, credentials left out. */
final class JdbcUrls {

	/**
	 * A URL parameter ({@code ?user=}, {@code &password=}, {@code ;PASSWORD=}) whose name
	 * says it holds a credential, with its separator.
	 */
	private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
			"([?&;])(user|username|[a-z]*password[a-z]*|[a-z]*secret[a-z]*|[a-z]*token[a-z]*)=[^&;]*",
			Pattern.CASE_INSENSITIVE);

	/** {@code //user:password@host}. */
	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

	private static final String H2_FILE = "jdbc:h2:file:";

	private JdbcUrls() {
	}

	/**
	 * The store in words: {@code H2 file /abs/data/credbroker}, {@code H2 in memory}, or
	 * the URL without credentials.
	 */
	static String describeStore(String url) {
		if (url == null || url.isBlank()) {
			return "none configured";
		}
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith(H2_FILE) || (lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
				&& !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:"))) {
			String rest = url.substring(lower.startsWith(H2_FILE) ? H2_FILE.length() : "jdbc:h2:".length());
			int parameters = rest.indexOf(';');
			String file = (parameters >= 0) ? rest.substring(0, parameters) : rest;
			if (file.startsWith("~")) {
				file = System.getProperty("user.home") + file.substring(1);
			}
			return "H2 file " + Path.of(file).toAbsolutePath().normalize();
		}
		if (lower.startsWith("jdbc:h2:mem:")) {
			return "H2 in memory";
		}
		return withoutCredentials(url);
	}

	/** The URL with user info and user/password-like parameters removed. */
	static String withoutCredentials(String url) {
		String stripped = USER_INFO.matcher(url).replaceFirst("//");
		Matcher parameter = CREDENTIAL_PARAMETER.matcher(stripped);
		StringBuilder kept = new StringBuilder();
		while (parameter.find()) {
			// Keep a leading "?" for the parameters that follow; drop "&" and ";".
			parameter.appendReplacement(kept, "?".equals(parameter.group(1)) ? "?" : "");
		}
		parameter.appendTail(kept);
		return kept.toString().replace("?&", "?").replaceAll("\\?$", "");
	}

}
