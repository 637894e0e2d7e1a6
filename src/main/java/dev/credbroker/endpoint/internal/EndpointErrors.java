package dev.credbroker.endpoint.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import dev.credbroker.endpoint.ErrorDocument;

/** Writes error answers of the container endpoint ({@link ErrorDocument}, no-store). */
final class EndpointErrors {

	private EndpointErrors() {
	}

	static void write(HttpServletResponse response, int status, String code, String message, Long retryAfterSeconds)
			throws IOException {
		byte[] body = ErrorDocument.render(code, message);
		response.setStatus(status);
		EndpointHeaders.jsonNoStore(response);
		if (retryAfterSeconds != null) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
