package dev.credbroker.workload.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RotatedToken;
import dev.credbroker.workload.Workload;

/**
 * A workload as operators see it: its recipe, never its token or token hash.
 * {@code previousTokenValidUntil} is when the last rotated-out token stops working,
 * {@code tokensInGraceUntil} when each one does; {@code identities} the OIDC bindings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WorkloadView(String name, String source, String type, String roleArn, String externalId,
		@JsonRawValue String sessionPolicy, List<String> policyArns, Map<String, String> sessionTags,
		String sourceIdentity, int durationSeconds, String roleSessionName, boolean enabled, long version,
		Instant previousTokenValidUntil, List<Instant> tokensInGraceUntil, List<IdentityBinding> identities,
		boolean staticToken, Instant createdAt, Instant updatedAt) {

	static WorkloadView of(Workload workload, Instant now) {
		Recipe recipe = workload.recipe();
		List<Instant> graceEnds = workload.tokensInGrace(now).stream().map(RotatedToken::validUntil).toList();
		return new WorkloadView(workload.name(), workload.source(), recipe.type().wireName(), recipe.roleArn(),
				recipe.externalId(), recipe.sessionPolicy(), recipe.policyArns(), recipe.sessionTags(),
				recipe.sourceIdentity(), recipe.durationSeconds(), recipe.roleSessionName(), workload.enabled(),
				workload.version(), graceEnds.isEmpty() ? null : graceEnds.get(graceEnds.size() - 1),
				graceEnds.isEmpty() ? null : graceEnds, workload.identities().isEmpty() ? null : workload.identities(),
				workload.staticToken(), workload.createdAt(), workload.updatedAt());
	}

}
