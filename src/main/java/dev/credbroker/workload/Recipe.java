package dev.credbroker.workload;

import java.util.List;
import java.util.Map;

/**
 * How a workload's credentials are issued. Validated at write time, so that a bad recipe
 * never reaches STS.
 *
 * @param sessionPolicy the session policy as minified JSON, or {@code null}
 * @param roleSessionName the role session name template ({@code {workload}} is replaced),
 * or {@code null} for {@code credbroker-<workload>}
 */
public record Recipe(RecipeType type, String roleArn, String externalId, String sessionPolicy, List<String> policyArns,
		Map<String, String> sessionTags, String sourceIdentity, int durationSeconds, String roleSessionName) {

	static final int ROLE_SESSION_NAME_MAX = 64;

	static final int FEDERATED_NAME_MAX = 32;

	public Recipe {
		policyArns = (policyArns != null) ? List.copyOf(policyArns) : List.of();
		sessionTags = (sessionTags != null) ? Map.copyOf(sessionTags) : Map.of();
	}

	/**
	 * The RoleSessionName sent to STS, which CloudTrail shows:
	 * {@code credbroker-<workload>} unless templated.
	 */
	public String roleSessionNameFor(String workload) {
		String name = (this.roleSessionName != null) ? this.roleSessionName.replace("{workload}", workload)
				: "credbroker-" + workload;
		return truncate(name, ROLE_SESSION_NAME_MAX);
	}

	/** The Name sent to GetFederationToken (2-32 characters). */
	public String federatedUserNameFor(String workload) {
		return truncate("credbroker-" + workload, FEDERATED_NAME_MAX);
	}

	private static String truncate(String value, int max) {
		String cut = (value.length() > max) ? value.substring(0, max) : value;
		return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
	}

}
