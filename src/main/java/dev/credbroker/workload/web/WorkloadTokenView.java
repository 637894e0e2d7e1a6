package dev.credbroker.workload.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.credbroker.workload.IdentityBinding;

/**
 * The answer to creating a workload, and to rotating its token: {@code env} holds exactly
 * the variables the workload sets (the container URL, its token or token file, the region
 * of its source); {@code notes} says what in the workload's own environment would shadow
 * them. The only answer that shows a token; a workload without a static token gets
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} instead, pointing at where its OIDC
 * token is usually mounted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WorkloadTokenView(String token, Map<String, String> env, List<String> notes,
		@JsonUnwrapped WorkloadView workload) {

	/** Variables that win over the container provider in every SDK's default chain. */
	static final String SHADOWING_NOTE = "Unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, "
			+ "AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE and AWS_CONTAINER_CREDENTIALS_RELATIVE_URI where the "
			+ "workload runs (a shell that has them set, too), and keep a default profile in ~/.aws/credentials "
			+ "away from it: SDKs use them before the container provider, so these variables would be ignored.";

	/**
	 * Where docs/DEPLOY.md mounts a workload's projected service-account token; a
	 * placeholder for wherever the workload's OIDC token file is.
	 */
	static final String TOKEN_FILE_PLACEHOLDER = "/var/run/secrets/credbroker/token";

	static WorkloadTokenView of(WorkloadView workload, String token, String credentialsUrl, String region) {
		return new WorkloadTokenView(token, env(credentialsUrl, "AWS_CONTAINER_AUTHORIZATION_TOKEN", token, region),
				List.of(SHADOWING_NOTE), workload);
	}

	/** For a workload that proves itself only with OIDC tokens: no token to show. */
	static WorkloadTokenView withoutStaticToken(WorkloadView workload, String credentialsUrl, String region) {
		List<IdentityBinding> identities = (workload.identities() != null) ? workload.identities() : List.of();
		List<String> issuers = identities.stream()
			.map(IdentityBinding::issuer)
			.distinct()
			.map((issuer) -> "'" + issuer + "'")
			.toList();
		String tokenFileNote = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is a placeholder (where docs/DEPLOY.md mounts "
				+ "a projected service-account token): set it to the file holding the workload's OIDC token, a token "
				+ "of issuer " + String.join(" or ", issuers) + " for one of its audiences (GET /admin/v1/issuers/"
				+ (identities.isEmpty() ? "" : identities.get(0).issuer())
				+ ") whose subject matches one of the identities. SDKs read "
				+ "the file again at each refresh, so a token rewritten by the kubelet or the CI runner just works; "
				+ "never set AWS_CONTAINER_AUTHORIZATION_TOKEN as well.";
		return new WorkloadTokenView(null,
				env(credentialsUrl, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", TOKEN_FILE_PLACEHOLDER, region),
				List.of(tokenFileNote, SHADOWING_NOTE), workload);
	}

	private static Map<String, String> env(String credentialsUrl, String tokenVariable, String tokenValue,
			String region) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUrl);
		env.put(tokenVariable, tokenValue);
		env.put("AWS_REGION", region);
		// botocore and the AWS CLI v1 read only this one
		env.put("AWS_DEFAULT_REGION", region);
		return env;
	}

	/**
	 * Masked: Spring MVC logs response values at DEBUG, and this one may hold a token.
	 */
	@Override
	public String toString() {
		return "WorkloadTokenView[name=" + this.workload.name() + ", token=" + ((this.token != null) ? "****" : "none")
				+ "]";
	}

}
