package dev.credbroker.workload.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.WorkloadDefinition;

/**
 * Body of {@code PUT /admin/v1/workloads/{name}}. The {@code @Schema} limits are those
 * {@code RecipeValidator} checks, for the API description.
 */
record WorkloadRequest(
		@Schema(requiredMode = RequiredMode.REQUIRED, description = "the source's name",
				pattern = "^[a-z0-9][a-z0-9-]{0,62}$") String source,
		@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {
				"assume-role", "federation-token", "session-token" }) String type,
		@Schema(description = "assume-role only",
				pattern = "^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$",
				example = "arn:aws:iam::123456789012:role/app") String roleArn,
		@Schema(description = "assume-role only", pattern = "^[\\w+=,.@:/-]{2,1224}$", minLength = 2,
				maxLength = 1224) String externalId,
		@Schema(type = "object",
				description = "an IAM policy document (a JSON object); minified, together with the policy ARNs, at most 2048 characters; federation-token needs it or policyArns") JsonNode sessionPolicy,
		@ArraySchema(maxItems = 10,
				schema = @Schema(example = "arn:aws:iam::aws:policy/ReadOnlyAccess")) List<String> policyArns,
		@Schema(maxProperties = 50,
				description = "keys 1-128, values 0-256 characters of letters, digits, spaces and _.:/=+-@") Map<String, String> sessionTags,
		@Schema(description = "assume-role only; set as the SourceIdentity STS records in CloudTrail",
				pattern = "^[\\w+=,.@-]{2,64}$") String sourceIdentity,
		@Schema(minimum = "1800", maximum = "129600", defaultValue = "3600",
				description = "assume-role 1800-43200 (at most 3600 from an MFA-backed source); session-token and federation-token 1800-129600") Integer durationSeconds,
		@Schema(description = "default credbroker-<workload>", pattern = "^[\\w+=,.@-]{2,64}$") String roleSessionName,
		@Schema(defaultValue = "true",
				description = "false: the endpoint answers 403 WorkloadDisabled") Boolean enabled,
		@ArraySchema(schema = @Schema(implementation = IdentityBinding.class), arraySchema = @Schema(
				description = "OIDC identities that prove this workload: issuer name, subject (exact or with a * segment), optional exact-match claims")) List<IdentityBinding> identities,
		@Schema(defaultValue = "true",
				description = "false: the workload has no cbw_ token and proves itself only through its identities") Boolean staticToken){

	WorkloadDefinition toDefinition(JsonMapper json) {
		boolean hasPolicy = this.sessionPolicy != null && !this.sessionPolicy.isNull();
		String minified = hasPolicy ? json.writeValueAsString(this.sessionPolicy) : null;
		return new WorkloadDefinition(this.source, this.type, this.roleArn, this.externalId, minified,
				hasPolicy && this.sessionPolicy.isObject(), this.policyArns, this.sessionTags, this.sourceIdentity,
				this.durationSeconds, this.roleSessionName, this.enabled, this.identities, this.staticToken);
	}

}
