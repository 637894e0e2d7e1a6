package dev.credbroker.workload.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The one answer that shows a workload token: on create and on rotation. {@code env}
 * holds exactly the variables a workload sets.
 */
record WorkloadTokenView(String token, Map<String, String> env, @JsonUnwrapped WorkloadView workload) {

	static WorkloadTokenView of(WorkloadView workload, String token, String credentialsUrl) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUrl);
		env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
		return new WorkloadTokenView(token, env, workload);
	}

	/** Masked: Spring MVC logs response values at DEBUG, and this one holds a token. */
	@Override
	public String toString() {
		return "WorkloadTokenView[name=" + this.workload.name() + ", token=****]";
	}

}
