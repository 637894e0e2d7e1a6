package dev.credbroker.workload.web;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.WorkloadDefinition;

/** Body of {@code PUT /admin/v1/workloads/{name}}. */
record WorkloadRequest(String source, String type, String roleArn, String externalId, JsonNode sessionPolicy,
		List<String> policyArns, Map<String, String> sessionTags, String sourceIdentity, Integer durationSeconds,
		String roleSessionName, Boolean enabled, List<IdentityBinding> identities, Boolean staticToken) {

	WorkloadDefinition toDefinition(JsonMapper json) {
		boolean hasPolicy = this.sessionPolicy != null && !this.sessionPolicy.isNull();
		String minified = hasPolicy ? json.writeValueAsString(this.sessionPolicy) : null;
		return new WorkloadDefinition(this.source, this.type, this.roleArn, this.externalId, minified,
				hasPolicy && this.sessionPolicy.isObject(), this.policyArns, this.sessionTags, this.sourceIdentity,
				this.durationSeconds, this.roleSessionName, this.enabled, this.identities, this.staticToken);
	}

}
