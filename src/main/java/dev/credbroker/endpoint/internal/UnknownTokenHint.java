package dev.credbroker.endpoint.internal;

import java.util.function.Predicate;

/**
 * The 401 message for an {@code Authorization} value the endpoint does not know, naming
 * the usual mistakes: a {@code Bearer } prefix (the header carries the raw token), or the
 * admin token. Runs only for unknown tokens, never on the hot path.
 */
final class UnknownTokenHint {

	static final String UNKNOWN = "The workload token is not known: it was never issued, the workload was deleted, "
			+ "or it was rotated out more than the grace period ago";

	static final String WITHOUT_BEARER = "Send the raw workload token without \"Bearer \": the Authorization header "
			+ "carries the token as it is (what AWS SDKs send from AWS_CONTAINER_AUTHORIZATION_TOKEN)";

	static final String ADMIN_TOKEN = "This is the admin token; workloads use their own token (shown once when "
			+ "PUT /admin/v1/workloads/{name} creates the workload; POST /admin/v1/workloads/{name}/token issues "
			+ "a new one)";

	private static final String BEARER = "Bearer ";

	private final Predicate<String> knownWorkloadToken;

	private final Predicate<String> adminToken;

	UnknownTokenHint(Predicate<String> knownWorkloadToken, Predicate<String> adminToken) {
		this.knownWorkloadToken = knownWorkloadToken;
		this.adminToken = adminToken;
	}

	/** Why {@code presented}, which is not a known workload token, was refused. */
	String messageFor(String presented) {
		boolean bearer = presented.regionMatches(true, 0, BEARER, 0, BEARER.length());
		String raw = bearer ? presented.substring(BEARER.length()).strip() : presented;
		if (this.adminToken.test(raw)) {
			return ADMIN_TOKEN;
		}
		if (!bearer) {
			return UNKNOWN;
		}
		return this.knownWorkloadToken.test(raw) ? WITHOUT_BEARER : WITHOUT_BEARER + ". " + UNKNOWN;
	}

}
