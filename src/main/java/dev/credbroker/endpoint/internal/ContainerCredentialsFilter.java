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

	private final BadTokenBrake brake;

	private final EndpointMetrics metrics;

	ContainerCredentialsFilter(TokenDirectory tokens, CredentialVending vending, EndpointProperties properties,
			EndpointMetrics metrics) {
		this.tokens = tokens;
		this.vending = vending;
		this.properties = properties;
		this.metrics = metrics;
		this.brake = new BadTokenBrake(properties);
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
		String client = request.getRemoteAddr();
		if (this.brake.isBraked(client)) {
			this.metrics.throttled.increment();
			EndpointErrors.write(response, 503, "Throttled", "Too many unknown tokens from this address; wait "
					+ this.properties.badTokenWindow().toSeconds() + " s", this.properties.badTokenWindow().toSeconds());
			return;
		}
		String token = request.getHeader("Authorization");
		if (token == null || token.isBlank()) {
			this.metrics.unauthorized.increment();
			EndpointErrors.write(response, 401, "Unauthorized", "Send the workload token in the Authorization header "
					+ "(set AWS_CONTAINER_AUTHORIZATION_TOKEN or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)", null);
			return;
		}
		WorkloadTicket ticket = this.tokens.find(token);
		if (ticket == null) {
			this.brake.recordBadToken(client);
			this.metrics.unauthorized.increment();
			EndpointErrors.write(response, 401, "Unauthorized",
					"The workload token is not known: it was never issued, the workload was deleted, or it was "
							+ "rotated out more than the grace period ago",
					null);
			return;
		}
		if (!ticket.enabled()) {
			this.metrics.disabled.increment();
			EndpointErrors.write(response, 403, "WorkloadDisabled",
					"Workload '" + ticket.key().workload() + "' is disabled; an operator can enable it", null);
			return;
		}
		if (!ticket.tryAcquire()) {
			this.metrics.throttled.increment();
			EndpointErrors.write(response, 503, "Throttled", "Workload '" + ticket.key().workload() + "' exceeds "
					+ this.properties.workloadRequestsPerSecond() + " requests per second "
					+ "(credbroker.endpoint.workload-requests-per-second)", this.retryAfterSeconds);
			return;
		}
		CachedCredentials credentials;
		try {
			credentials = this.vending.credentialsFor(ticket.key(), this.properties.deadline());
		}
		catch (UpstreamRejectedException ex) {
			this.metrics.rejected.increment();
			EndpointErrors.write(response, 502, ex.code(), ex.getMessage(), null);
			return;
		}
		catch (IssuanceException ex) {
			this.metrics.unavailable.increment();
			EndpointErrors.write(response, 503, ex.code(), ex.getMessage(), this.retryAfterSeconds);
			return;
		}
		this.metrics.ok.increment();
		byte[] body = credentials.containerResponse();
		response.setStatus(200);
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
