package dev.credbroker.workload.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The one answer that shows a workload token: on create and on rotation. {@code env}
 * holds exactly the variables a workload sets (the two container variables and the region
 * of its source); {@code notes} says what in the workload's own environment would shadow
 * them.
 */
record WorkloadTokenView(String token, Map<String, String> env, List<String> notes,
		@JsonUnwrapped WorkloadView workload) {

	/** Variables that win over the container provider in every SDK's default chain. */
	static final String SHADOWING_NOTE = "Unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, "
			+ "AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE and AWS_CONTAINER_CREDENTIALS_RELATIVE_URI where the "
			+ "workload runs (a shell that has them set, too), and keep a default profile in ~/.aws/credentials "
			+ "away from it: SDKs use them before the container provider, so these variables would be ignored.";

	static WorkloadTokenView of(WorkloadView workload, String token, String credentialsUrl, String region) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUrl);
		env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
		env.put("AWS_REGION", region);
		// botocore and the AWS CLI v1 read only this one
		env.put("AWS_DEFAULT_REGION", region);
		return new WorkloadTokenView(token, env, List.of(SHADOWING_NOTE), workload);
	}

	/** Masked: Spring MVC logs response values at DEBUG, and this one holds a token. */
	@Override
	public String toString() {
		return "WorkloadTokenView[name=" + this.workload.name() + ", token=****]";
	}

}
