package dev.credbroker.endpoint.internal;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.FastHttpDateFormat;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * The headers every answer of the container endpoint carries ({@code Content-Type:
 * application/json}, {@code Cache-Control: no-store}, {@code Date}), handed to Tomcat as
 * bytes. Tomcat turns a header name or value given as a {@code String} into bytes with a
 * new charset encoder on every response: for a cached answer that was half of all it
 * allocated (async-profiler, bench/run.sh cached phase). With {@code Date} already set,
 * Tomcat adds none of its own. A response that is not Tomcat's own gets them the ordinary
 * way.
 */
final class EndpointHeaders {

	private static final byte[] CONTENT_TYPE = ascii("Content-Type");

	private static final byte[] APPLICATION_JSON = ascii("application/json");

	private static final byte[] CACHE_CONTROL = ascii("Cache-Control");

	private static final byte[] NO_STORE = ascii("no-store");

	private static final byte[] DATE = ascii("Date");

	/** The HTTP date of the current second, as Tomcat formats it, and its bytes. */
	private static volatile CurrentDate currentDate = new CurrentDate("", new byte[0]);

	private EndpointHeaders() {
	}

	static void jsonNoStore(HttpServletResponse response) {
		if (response instanceof Response tomcat) {
			MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
			add(headers, CONTENT_TYPE, APPLICATION_JSON);
			add(headers, CACHE_CONTROL, NO_STORE);
			add(headers, DATE, dateNow());
			return;
		}
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
	}

	private static void add(MimeHeaders headers, byte[] name, byte[] value) {
		headers.addValue(name, 0, name.length).setBytes(value, 0, value.length);
	}

	private static byte[] dateNow() {
		String text = FastHttpDateFormat.getCurrentDate();
		CurrentDate cached = currentDate;
		if (!cached.text().equals(text)) {
			cached = new CurrentDate(text, ascii(text));
			currentDate = cached;
		}
		return cached.bytes();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private record CurrentDate(String text, byte[] bytes) {
	}

}
