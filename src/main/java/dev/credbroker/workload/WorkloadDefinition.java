package dev.credbroker.workload;

import java.util.List;
import java.util.Map;

/**
 * What an operator asks a workload to be, before validation. {@code sessionPolicy} is the
 * policy as minified JSON (or {@code null}); {@code sessionPolicyIsObject} says whether
 * the JSON given was an object.
 */
public record WorkloadDefinition(String source, String type, String roleArn, String externalId, String sessionPolicy,
		boolean sessionPolicyIsObject, List<String> policyArns, Map<String, String> sessionTags, String sourceIdentity,
		Integer durationSeconds, String roleSessionName, Boolean enabled) {
}
