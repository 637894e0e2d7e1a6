package dev.credbroker.testsupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} query strings and bodies (AWS Query
 * protocol).
 */
final class FormParams {

	private FormParams() {
	}

	/**
	 * Parameters of the query string, then of the form body (later wins); both may be
	 * null.
	 */
	static Map<String, String> parse(String rawQuery, String formBody) {
		Map<String, String> params = new LinkedHashMap<>();
		addAll(params, rawQuery);
		addAll(params, formBody);
		return Collections.unmodifiableMap(params);
	}

	private static void addAll(Map<String, String> params, String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			String value = eq < 0 ? "" : pair.substring(eq + 1);
			params.put(decode(name), decode(value));
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
