package dev.credbroker.endpoint.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Error answers of the container endpoint, with both casings because Java and Go read
 * {@code code}/{@code message} and JS reads {@code Code}/{@code Message}.
 */
final class EndpointErrors {

	private static final JsonFactory JSON = new JsonFactory();

	private EndpointErrors() {
	}

	static void write(HttpServletResponse response, int status, String code, String message, Long retryAfterSeconds)
			throws IOException {
		byte[] body = body(code, message);
		response.setStatus(status);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		if (retryAfterSeconds != null) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	static byte[] body(String code, String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("code", code);
			json.writeStringProperty("message", message);
			json.writeStringProperty("Code", code);
			json.writeStringProperty("Message", message);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
