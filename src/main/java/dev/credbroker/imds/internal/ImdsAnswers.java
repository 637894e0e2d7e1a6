package dev.credbroker.imds.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes IMDS answers. EC2 answers every path as {@code text/plain}, the JSON documents
 * too.
 */
final class ImdsAnswers {

	private ImdsAnswers() {
	}

	static void text(HttpServletResponse response, int status, String body) throws IOException {
		write(response, status, body.getBytes(StandardCharsets.UTF_8));
	}

	static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
