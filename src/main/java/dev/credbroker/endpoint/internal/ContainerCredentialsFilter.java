package dev.credbroker.endpoint.internal;

import java.io.IOException;
import java.time.Duration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.credbroker.common.BadTokenBrake;
import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.identity.IdentityRejectedException;
import dev.credbroker.identity.ProvedWorkload;
import dev.credbroker.identity.WorkloadIdentities;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.UpstreamRejectedException;

/**
 * {@code GET /v1/credentials}, the ECS container credentials contract every AWS SDK
 * speaks. It runs ahead of Spring MVC and Spring Security, checks the workload token
 * itself (a static {@code cbw_} token, or an OIDC token that proves a workload), and
 * answers a cached request by copying bytes rendered when the credentials were issued.
 */
class ContainerCredentialsFilter implements Filter {

	static final String PATH = "/v1/credentials";

	/**
	 * The future gives up at the deadline itself; the container's own async timeout is
	 * only a backstop.
	 */
	private static final long ASYNC_TIMEOUT_MARGIN_MILLIS = 5_000;

	private final HostHeaderFilter hosts;

	private final TokenDirectory tokens;

	private final CredentialVending vending;

	private final EndpointProperties properties;

	private final long retryAfterSeconds;

	private final BadTokenBrake brake;

	private final WaitingRequests waiting;

	private final EndpointMetrics metrics;

	private final UnknownTokenHint unknownTokenHint;

	private final WorkloadIdentities identities;

	ContainerCredentialsFilter(HostHeaderFilter hosts, TokenDirectory tokens, CredentialVending vending,
			EndpointProperties properties, WaitingRequests waiting, EndpointMetrics metrics,
			UnknownTokenHint unknownTokenHint, WorkloadIdentities identities) {
		this.hosts = hosts;
		this.identities = identities;
		this.waiting = waiting;
		this.tokens = tokens;
		this.vending = vending;
		this.properties = properties;
		this.metrics = metrics;
		this.unknownTokenHint = unknownTokenHint;
		this.brake = new BadTokenBrake("the container endpoint", properties.badTokenLimit(),
				properties.badTokenWindow());
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	private void respond(HttpServletResponse response, CachedCredentials credentials, Throwable failure)
			throws IOException {
		if (failure == null) {
			this.metrics.ok.increment();
			byte[] body = credentials.containerResponse();
			response.setStatus(200);
			EndpointHeaders.jsonNoStore(response);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			return;
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof UpstreamRejectedException rejected) {
			this.metrics.rejected.increment();
			EndpointErrors.write(response, 502, rejected.code(), rejected.getMessage(), null);
			return;
		}
		this.metrics.unavailable.increment();
		if (cause instanceof IssuanceException issuance) {
			EndpointErrors.write(response, 503, issuance.code(), issuance.getMessage(), this.retryAfterSeconds);
		}
		else {
			EndpointErrors.write(response, 503, "UpstreamUnavailable", "Issuance failed unexpectedly; retry",
					this.retryAfterSeconds);
		}
	}

	private void answerWaiting(AsyncContext async, CachedCredentials credentials, Throwable failure) {
		try {
			respond((HttpServletResponse) async.getResponse(), credentials, failure);
		}
		catch (IOException | RuntimeException ex) {
			// The client went away; nothing to answer.
		}
		finally {
			try {
				async.complete();
			}
			finally {
				this.waiting.leave();
			}
		}
	}

	private static Throwable failureOf(CompletableFuture<CachedCredentials> done) {
		try {
			done.join();
			return null;
		}
		catch (CompletionException | java.util.concurrent.CancellationException ex) {
			return ex;
		}
	}

	/**
	 * A token not known in memory: refused at once while the address is braked, else
	 * looked up in the store once (issued through another replica a moment ago?), else
	 * refused and counted. The brake is consulted only here, after the lookup: a known
	 * token is always served, whatever other callers at the same address presented.
	 * @return the ticket, or {@code null} when the answer has been written
	 */
	private WorkloadTicket lookUpInStoreOrRefuse(String client, String token, HttpServletResponse response)
			throws IOException {
		if (refusedWhileBraked(client, response)) {
			return null;
		}
		// Issued through another replica a moment ago? One store read, bounded by the
		// brake.
		WorkloadTicket late = this.tokens.findInStore(token);
		if (late != null) {
			return late;
		}
		this.brake.recordBadToken(client);
		this.metrics.unauthorized.increment();
		EndpointErrors.write(response, 401, "Unauthorized", this.unknownTokenHint.messageFor(token), null);
		return null;
	}

	/**
	 * An OIDC token: the workload it proved before (one hash lookup), else, unless the
	 * address is braked, validated now (signature, issuer, audience, times, binding); a
	 * token that proves nothing is refused with the failed check and counted like an
	 * unknown token.
	 * @return the proved workload, or {@code null} when the answer has been written
	 */
	private ProvedWorkload provedByOidcTokenOrRefuse(String client, String token, HttpServletResponse response)
			throws IOException {
		ProvedWorkload proved = this.identities.remembered(token);
		if (proved != null) {
			return proved;
		}
		if (refusedWhileBraked(client, response)) {
			return null;
		}
		try {
			return this.identities.prove(token);
		}
		catch (IdentityRejectedException ex) {
			this.brake.recordBadToken(client);
			this.metrics.identityRejected.increment();
			EndpointErrors.write(response, 401, "Unauthorized", ex.getMessage(), null);
			return null;
		}
	}

	private boolean refusedWhileBraked(String client, HttpServletResponse response) throws IOException {
		Duration braked = this.brake.brakedFor(client);
		if (braked.isZero()) {
			return false;
		}
		long seconds = BadTokenBrake.wholeSecondsUp(braked);
		this.metrics.throttled.increment();
		EndpointErrors.write(response, 503, "Throttled",
				"Too many unknown tokens from this address; wait " + seconds + " s", seconds);
		return true;
	}

	/**
	 * Who the request proves to be: a token seen before is found by the hash of the bytes
	 * Tomcat read ({@link PresentedToken}); any other is read as a String, validated or
	 * looked up in the store.
	 * @return the workload's ticket and how the caller proved itself, or {@code null}
	 * when the request has been answered (refused)
	 */
	private Admitted admitted(HttpServletRequest request, HttpServletResponse response) throws IOException {
		PresentedToken presented = PresentedToken.of(request);
		if (presented != null) {
			if (presented.jwt()) {
				ProvedWorkload proved = this.identities.rememberedByHash(presented.hash());
				WorkloadTicket ticket = (proved != null) ? this.tokens.ticketOf(proved.workload()) : null;
				if (ticket != null) {
					return new Admitted(ticket, proved.proof());
				}
			}
			else {
				WorkloadTicket ticket = this.tokens.findByHash(presented.hash());
				if (ticket != null) {
					return new Admitted(ticket, CredentialVending.TOKEN_PROOF);
				}
			}
		}
		String token = request.getHeader("Authorization");
		if (token == null || token.isBlank()) {
			this.metrics.unauthorized.increment();
			EndpointErrors.write(response, 401, "Unauthorized",
					"Send the workload token or an OIDC token in the Authorization header "
							+ "(set AWS_CONTAINER_AUTHORIZATION_TOKEN or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)",
					null);
			return null;
		}
		String proof = CredentialVending.TOKEN_PROOF;
		WorkloadTicket ticket;
		if (WorkloadIdentities.looksLikeJwt(token)) {
			ProvedWorkload proved = provedByOidcTokenOrRefuse(request.getRemoteAddr(), token, response);
			if (proved == null) {
				return null;
			}
			proof = proved.proof();
			ticket = this.tokens.ticketOf(proved.workload());
			if (ticket == null) {
				// Both learn of a workload from the same event; this is that moment.
				this.metrics.unavailable.increment();
				EndpointErrors.write(response, 503, "UpstreamUnavailable",
						"Workload '" + proved.workload() + "' is being loaded; retry", this.retryAfterSeconds);
				return null;
			}
		}
		else {
			ticket = this.tokens.find(token);
			if (ticket == null) {
				ticket = lookUpInStoreOrRefuse(request.getRemoteAddr(), token, response);
				if (ticket == null) {
					return null;
				}
			}
		}
		return new Admitted(ticket, proof);
	}

	/** A request's workload and how its caller proved itself. */
	private record Admitted(WorkloadTicket ticket, String proof) {
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
		if (!this.hosts.admits(request)) {
			this.hosts.refuse(response);
			return;
		}
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			EndpointErrors.write(response, 405, "MethodNotAllowed", "Use GET", null);
			return;
		}
		Admitted admitted = admitted(request, response);
		if (admitted == null) {
			return;
		}
		WorkloadTicket ticket = admitted.ticket();
		String proof = admitted.proof();
		if (!ticket.enabled()) {
			this.metrics.disabled.increment();
			EndpointErrors.write(response, 403, "WorkloadDisabled",
					"Workload '" + ticket.key().workload() + "' is disabled; an operator can enable it", null);
			return;
		}
		if (!ticket.tryAcquire()) {
			this.metrics.throttled.increment();
			EndpointErrors.write(response, 503, "Throttled",
					"Workload '" + ticket.key().workload() + "' exceeds " + this.properties.workloadRequestsPerSecond()
							+ " requests per second " + "(credbroker.endpoint.workload-requests-per-second)",
					this.retryAfterSeconds);
			return;
		}
		CompletableFuture<CachedCredentials> pending = this.vending.credentialsAsync(ticket.key(),
				this.properties.deadline(), proof);
		if (pending.isDone()) {
			if (pending.isCompletedExceptionally()) {
				respond(response, null, failureOf(pending));
			}
			else {
				respond(response, pending.join(), null);
			}
			return;
		}
		if (!this.waiting.tryEnter()) {
			CachedCredentials servable = this.vending.servableNow(ticket.key());
			if (servable != null) {
				// Stale but usable credentials are cached: better than shedding.
				respond(response, servable, null);
				return;
			}
			// The STS call goes on (started above); the SDK's retry finds it cached.
			this.metrics.shed.increment();
			EndpointErrors.write(response, 503, "UpstreamUnavailable",
					this.waiting.limit() + " requests are already waiting for credentials from STS "
							+ "(credbroker.endpoint.max-waiting-requests); retry",
					this.retryAfterSeconds);
			return;
		}
		// A miss waits for STS without holding a request thread, so a burst of new
		// workloads cannot starve the rest.
		AsyncContext async;
		try {
			async = request.startAsync(request, response);
			async.setTimeout(this.properties.deadline().toMillis() + ASYNC_TIMEOUT_MARGIN_MILLIS);
		}
		catch (RuntimeException ex) {
			this.waiting.leave();
			throw ex;
		}
		// The future completes on the thread that issued (one of the few STS threads) or
		// on the JDK's single timeout thread; the answer is written on a container thread
		// so that neither writes a burst of answers one after the other.
		pending.whenComplete((credentials, failure) -> {
			try {
				async.start(() -> answerWaiting(async, credentials, failure));
			}
			catch (RuntimeException ex) {
				// The container has given up on the request already (its own timeout).
				this.waiting.leave();
			}
		});
	}

}
