package dev.credbroker.endpoint.internal;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.UpstreamRejectedException;

/**
 * {@code GET /v1/credentials}, the ECS container credentials contract every AWS SDK speaks. It runs ahead of Spring
 * MVC and Spring Security, checks the workload token itself, and answers a cached request by copying bytes rendered
 * when the credentials were issued.
 */
class ContainerCredentialsFilter implements Filter {

	static final String PATH = "/v1/credentials";

	private final TokenDirectory tokens;

	private final CredentialVending vending;

	private final EndpointProperties properties;

	private final long retryAfterSeconds;

	ContainerCredentialsFilter(TokenDirectory tokens, CredentialVending vending, EndpointProperties properties) {
		this.tokens = tokens;
		this.vending = vending;
		this.properties = properties;
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (!PATH.equals(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			EndpointErrors.write(response, 405, "MethodNotAllowed", "Use GET", null);
			return;
		}
		String token = request.getHeader("Authorization");
		if (token == null || token.isBlank()) {
			EndpointErrors.write(response, 401, "Unauthorized", "Send the workload token in the Authorization header "
					+ "(set AWS_CONTAINER_AUTHORIZATION_TOKEN or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)", null);
			return;
		}
		WorkloadTicket ticket = this.tokens.find(token);
		if (ticket == null) {
			EndpointErrors.write(response, 401, "Unauthorized",
					"The workload token is not known: it was never issued, the workload was deleted, or it was "
							+ "rotated out more than the grace period ago",
					null);
			return;
		}
		if (!ticket.enabled()) {
			EndpointErrors.write(response, 403, "WorkloadDisabled",
					"Workload '" + ticket.key().workload() + "' is disabled; an operator can enable it", null);
			return;
		}
		CachedCredentials credentials;
		try {
			credentials = this.vending.credentialsFor(ticket.key(), this.properties.deadline());
		}
		catch (UpstreamRejectedException ex) {
			EndpointErrors.write(response, 502, ex.code(), ex.getMessage(), null);
			return;
		}
		catch (IssuanceException ex) {
			EndpointErrors.write(response, 503, ex.code(), ex.getMessage(), this.retryAfterSeconds);
			return;
		}
		byte[] body = credentials.containerResponse();
		response.setStatus(200);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
