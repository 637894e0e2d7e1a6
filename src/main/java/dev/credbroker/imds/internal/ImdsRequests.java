package dev.credbroker.imds.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.credbroker.endpoint.AllowedHosts;
import dev.credbroker.imds.ImdsProperties;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.WorkloadGoneException;
import dev.credbroker.workload.Workload;

/**
 * Answers a request that came in on an IMDS listener, as EC2's IMDSv2 does: a session
 * token from {@code PUT /latest/api/token}, then {@code GET}s carrying it. Nothing else
 * of the broker is reachable on a listener. Credentials come from the same cache as the
 * container endpoint's, with its deadline; a request waits for STS on its thread (IMDS
 * clients are the few processes of one machine, not a fleet).
 */
class ImdsRequests {

	private static final Logger log = LoggerFactory.getLogger(ImdsRequests.class);

	static final String TOKEN_PATH = "/latest/api/token";

	static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";

	/** The listings of the directories there are. */
	private static final Map<String, String> LISTINGS = Map.of("/", "latest", "/latest/", "api/\ndynamic/\nmeta-data/",
			"/latest/meta-data/", "iam/\nplacement/", "/latest/meta-data/iam/", "info\nsecurity-credentials/",
			"/latest/meta-data/placement/", "region", "/latest/dynamic/", "instance-identity/",
			"/latest/dynamic/instance-identity/", "document");

	private final AllowedHosts hosts;

	private final BoundWorkloads workloads;

	private final CredentialVending vending;

	private final Duration deadline;

	private final boolean v1Enabled;

	private final String defaultRegion;

	private final ImdsMetrics metrics;

	private final ImdsAudit audit;

	private final TokenRequests tokenRequests;

	ImdsRequests(AllowedHosts hosts, BoundWorkloads workloads, CredentialVending vending, Duration deadline,
			boolean v1Enabled, String defaultRegion, ImdsMetrics metrics, ImdsAudit audit) {
		this.hosts = hosts;
		this.workloads = workloads;
		this.vending = vending;
		this.deadline = deadline;
		this.v1Enabled = v1Enabled;
		this.defaultRegion = defaultRegion;
		this.metrics = metrics;
		this.audit = audit;
		this.tokenRequests = new TokenRequests(metrics);
	}

	void handle(ImdsProperties.Listener listener, SessionTokens tokens, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		response.setHeader("Cache-Control", "no-store");
		if (!this.hosts.admits(request)) {
			refuse(response, 421, "Plain-http requests must address the broker by IP address, localhost, or a name "
					+ "listed in credbroker.endpoint.allowed-hosts");
			return;
		}
		String path = request.getRequestURI();
		if (TOKEN_PATH.equals(path)) {
			this.tokenRequests.handle(tokens, request, response);
			return;
		}
		if (!"GET".equals(request.getMethod())) {
			response.setHeader("Allow", "GET");
			refuse(response, 405, "Method not allowed");
			return;
		}
		String token = request.getHeader(TOKEN_HEADER);
		if ((token == null) ? !this.v1Enabled : !tokens.isLive(token)) {
			this.metrics.unauthorized.increment();
			ImdsAnswers.text(response, 401,
					(token == null)
							? "Send a session token from PUT " + TOKEN_PATH + " in " + TOKEN_HEADER + " (IMDSv1 is off)"
							: "The session token is unknown or expired; get a new one from PUT " + TOKEN_PATH);
			return;
		}
		String listing = LISTINGS.get(path.endsWith("/") ? path : path + "/");
		if (listing != null) {
			metadata(response, listing);
			return;
		}
		String region = (listener.region() != null) ? listener.region() : this.defaultRegion;
		switch (path) {
			case "/latest/meta-data/placement/region" -> metadata(response, region);
			case CREDENTIALS_PATH, "/latest/meta-data/iam/security-credentials" -> roleName(listener, response);
			case "/latest/meta-data/iam/info" -> info(listener, response);
			case "/latest/dynamic/instance-identity/document" -> identity(listener, region, response);
			default -> {
				if (path.startsWith(CREDENTIALS_PATH) && path.length() > CREDENTIALS_PATH.length()) {
					credentials(listener, request, response, path.substring(CREDENTIALS_PATH.length()));
				}
				else {
					notFound(response);
				}
			}
		}
	}

	/**
	 * Without an STS call, so that an SDK looking for its region finds it through an
	 * outage too.
	 */
	private void identity(ImdsProperties.Listener listener, String region, HttpServletResponse response)
			throws IOException {
		String account = servable(listener).map((workload) -> ImdsDocuments.accountOf(workload.recipe().roleArn()))
			.orElse(null);
		metadata(response, ImdsDocuments.identity(region, account));
	}

	private void roleName(ImdsProperties.Listener listener, HttpServletResponse response) throws IOException {
		Optional<Workload> workload = servable(listener);
		if (workload.isEmpty()) {
			notFound(response);
			return;
		}
		metadata(response, ImdsDocuments.roleName(workload.get()));
	}

	private void credentials(ImdsProperties.Listener listener, HttpServletRequest request, HttpServletResponse response,
			String name) throws IOException {
		Optional<Workload> workload = servable(listener);
		if (workload.isEmpty() || !ImdsDocuments.roleName(workload.get()).equals(name)) {
			notFound(response);
			return;
		}
		CachedCredentials cached = fetch(listener, workload.get(), response);
		if (cached == null) {
			return;
		}
		this.audit.served(listener, workload.get(), cached.credentials(), request.getRemoteAddr());
		this.metrics.credentials.increment();
		ImdsAnswers.write(response, 200, ImdsDocuments.credentials(cached));
	}

	private void info(ImdsProperties.Listener listener, HttpServletResponse response) throws IOException {
		Optional<Workload> workload = servable(listener);
		if (workload.isEmpty()) {
			notFound(response);
			return;
		}
		CachedCredentials cached = fetch(listener, workload.get(), response);
		if (cached != null) {
			metadata(response, ImdsDocuments.info(workload.get(), cached));
		}
	}

	/**
	 * The bound workload, when it exists and is enabled: otherwise no role is attached.
	 */
	private Optional<Workload> servable(ImdsProperties.Listener listener) {
		return this.workloads.find(listener.workload()).filter(Workload::enabled);
	}

	/**
	 * The workload's credentials, or {@code null} once a failure has been answered: a 5xx
	 * so that SDKs retry, logged with the reason.
	 */
	private CachedCredentials fetch(ImdsProperties.Listener listener, Workload workload, HttpServletResponse response)
			throws IOException {
		try {
			return this.vending.credentialsAsync(IssuanceKey.of(workload), this.deadline, "imds").join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof WorkloadGoneException) {
				notFound(response);
				return null;
			}
			String reason = (cause instanceof IssuanceException issuance)
					? issuance.code() + ": " + issuance.getMessage() : "issuance failed unexpectedly";
			log.warn("IMDS listener {} cannot serve workload '{}': {}", listener.describe(), workload.name(), reason);
			if (cause instanceof UpstreamRejectedException) {
				this.metrics.rejected.increment();
				ImdsAnswers.text(response, 500, "STS refused the credentials of workload '" + workload.name() + "'");
			}
			else {
				this.metrics.unavailable.increment();
				response.setHeader("Retry-After", "1");
				ImdsAnswers.text(response, 503, "Credentials are not available yet; retry");
			}
			return null;
		}
	}

	private void metadata(HttpServletResponse response, String value) throws IOException {
		metadata(response, value.getBytes(StandardCharsets.UTF_8));
	}

	private void metadata(HttpServletResponse response, byte[] value) throws IOException {
		this.metrics.metadata.increment();
		ImdsAnswers.write(response, 200, value);
	}

	private void notFound(HttpServletResponse response) throws IOException {
		this.metrics.notFound.increment();
		ImdsAnswers.text(response, 404, "Not Found");
	}

	private void refuse(HttpServletResponse response, int status, String message) throws IOException {
		this.metrics.refused.increment();
		ImdsAnswers.text(response, status, message);
	}

}
