package dev.credbroker.workload;

import java.util.List;
import java.util.Map;

/**
 * What an operator asks a workload to be, before validation. {@code sessionPolicy} is the
 * policy as minified JSON (or {@code null}); {@code sessionPolicyIsObject} says whether
 * the JSON given was an object. {@code identities} ({@code null}: none) are the OIDC
 * bindings; {@code staticToken} ({@code null}: true) whether the workload has a
 * {@code cbw_} token.
 */
public record WorkloadDefinition(String source, String type, String roleArn, String externalId, String sessionPolicy,
		boolean sessionPolicyIsObject, List<String> policyArns, Map<String, String> sessionTags, String sourceIdentity,
		Integer durationSeconds, String roleSessionName, Boolean enabled, List<IdentityBinding> identities,
		Boolean staticToken) {

	/** A definition without OIDC bindings, with a static token. */
	public WorkloadDefinition(String source, String type, String roleArn, String externalId, String sessionPolicy,
			boolean sessionPolicyIsObject, List<String> policyArns, Map<String, String> sessionTags,
			String sourceIdentity, Integer durationSeconds, String roleSessionName, Boolean enabled) {
		this(source, type, roleArn, externalId, sessionPolicy, sessionPolicyIsObject, policyArns, sessionTags,
				sourceIdentity, durationSeconds, roleSessionName, enabled, null, null);
	}

}
