package dev.credbroker.imds.internal;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code PUT /latest/api/token}: a session token for the TTL asked for (1 s to 6 h), as
 * EC2 gives it, with the same refusals.
 */
class TokenRequests {

	private final ImdsMetrics metrics;

	TokenRequests(ImdsMetrics metrics) {
		this.metrics = metrics;
	}

	void handle(SessionTokens tokens, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"PUT".equals(request.getMethod())) {
			response.setHeader("Allow", "PUT");
			refuse(response, 405, "Use PUT for " + ImdsRequests.TOKEN_PATH);
			return;
		}
		// EC2 refuses a token request that went through a proxy, so a misconfigured
		// forwarding proxy cannot hand tokens to the network.
		if (request.getHeader("X-Forwarded-For") != null) {
			refuse(response, 403, "Forbidden: a session token request must not carry X-Forwarded-For");
			return;
		}
		int ttl = ttlSeconds(request.getHeader(ImdsRequests.TTL_HEADER));
		if (ttl < 0) {
			refuse(response, 400, ImdsRequests.TTL_HEADER + " must be a whole number of seconds from "
					+ SessionTokens.MIN_TTL_SECONDS + " to " + SessionTokens.MAX_TTL_SECONDS);
			return;
		}
		String token = tokens.issue(Duration.ofSeconds(ttl));
		if (token == null) {
			this.metrics.unavailable.increment();
			response.setHeader("Retry-After", "1");
			ImdsAnswers.text(response, 503, "Too many live session tokens; retry later");
			return;
		}
		this.metrics.token.increment();
		response.setHeader(ImdsRequests.TTL_HEADER, Integer.toString(ttl));
		ImdsAnswers.text(response, 200, token);
	}

	/** The TTL asked for, or -1 when missing or out of bounds. */
	static int ttlSeconds(String header) {
		if (header == null || header.isEmpty() || header.length() > 6) {
			return -1;
		}
		for (int i = 0; i < header.length(); i++) {
			if (header.charAt(i) < '0' || header.charAt(i) > '9') {
				return -1;
			}
		}
		int ttl = Integer.parseInt(header);
		return (ttl >= SessionTokens.MIN_TTL_SECONDS && ttl <= SessionTokens.MAX_TTL_SECONDS) ? ttl : -1;
	}

	private void refuse(HttpServletResponse response, int status, String message) throws IOException {
		this.metrics.refused.increment();
		ImdsAnswers.text(response, status, message);
	}

}
