package dev.credbroker.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shows an access key id the way operators recognise it without disclosing it whole. */
public final class AccessKeyIds {

	/**
	 * Long-term ({@code AKIA}) and temporary ({@code ASIA}) access key ids as AWS writes
	 * them.
	 */
	private static final Pattern ACCESS_KEY_ID = Pattern.compile("(?:AKIA|ASIA)[A-Z0-9]{12,}");

	private AccessKeyIds() {
	}

	/** {@code AKIAIOSFODNN7EXAMPLE} becomes {@code AKIA…MPLE}. */
	public static String mask(String accessKeyId) {
		if (accessKeyId == null) {
			return null;
		}
		if (accessKeyId.length() < 12) {
			return "…";
		}
		return accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
	}

	/**
	 * Masks every access key id in a text from elsewhere (an AWS error message, say
	 * {@code The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found}); {@code null}
	 * stays {@code null}.
	 */
	public static String maskWithin(String text) {
		if (text == null) {
			return null;
		}
		return ACCESS_KEY_ID.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(mask(match.group())));
	}

}
