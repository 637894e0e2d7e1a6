package dev.credbroker.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request seen by {@link StsProxy}: the AWS {@code Action} and all query and form
 * parameters (URL-decoded, in order), the headers, and when it arrived
 * ({@code System.nanoTime()} for measuring delays between attempts, {@link Instant} for
 * humans).
 */
public record RecordedRequest(long nanoTime, Instant receivedAt, String method, String path, String rawQuery,
		Map<String, List<String>> headers, Map<String, String> params, String action) {

	/** A form or query parameter, or null. */
	public String param(String name) {
		return params.get(name);
	}

	/** First value of a header (case-insensitive name), or null. */
	public String header(String name) {
		return headers.entrySet()
			.stream()
			.filter(e -> e.getKey().equalsIgnoreCase(name))
			.map(e -> e.getValue().isEmpty() ? null : e.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	/**
	 * The access key id in the SigV4 {@code Authorization} header's {@code Credential=},
	 * or null.
	 */
	public String signingAccessKeyId() {
		String authorization = header("Authorization");
		if (authorization == null) {
			return null;
		}
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("Credential=([^/,\\s]+)/")
			.matcher(authorization);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** Time between an earlier request and this one. */
	public Duration since(RecordedRequest earlier) {
		return Duration.ofNanos(nanoTime - earlier.nanoTime);
	}
}
