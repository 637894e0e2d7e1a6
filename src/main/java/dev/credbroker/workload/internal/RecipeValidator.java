package dev.credbroker.workload.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.credbroker.common.Violations;
import dev.credbroker.source.Source;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RecipeType;
import dev.credbroker.workload.WorkloadDefinition;
import dev.credbroker.workload.WorkloadProperties;

/**
 * The write-time rules for recipes (docs/CONTRACT.md), so that a recipe STS would refuse
 * is refused here, with the field named. Durations depend on the source: STS caps
 * sessions chained from temporary (MFA session) credentials at one hour.
 */
class RecipeValidator {

	private static final String PARTITION = "aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc";

	static final Pattern ROLE_ARN = Pattern.compile("arn:(" + PARTITION + "):iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

	static final Pattern POLICY_ARN = Pattern
		.compile("arn:(" + PARTITION + "):iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,1024}");

	private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

	private static final Pattern ROLE_SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

	private static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]{2,64}");

	private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

	static final int PACKED_POLICY_MAX = 2048;

	static final int POLICY_ARNS_MAX = 10;

	static final int TAGS_MAX = 50;

	static final int CHAINED_MAX_SECONDS = 3600;

	static final int ASSUME_ROLE_MAX_SECONDS = 43200;

	static final int TOKEN_MAX_SECONDS = 129600;

	static final int DEFAULT_SECONDS = 3600;

	private final WorkloadProperties properties;

	RecipeValidator(WorkloadProperties properties) {
		this.properties = properties;
	}

	Recipe validate(String workloadName, WorkloadDefinition definition, Source source) {
		Violations violations = new Violations();
		RecipeType type = RecipeType.fromWireName(definition.type()).orElse(null);
		if (type == null) {
			violations.add("type", "must be one of assume-role, federation-token, session-token");
			violations.throwIfAny();
		}
		checkFieldsAllowed(type, definition, violations);
		switch (type) {
			case ASSUME_ROLE -> checkAssumeRole(workloadName, definition, violations);
			case FEDERATION_TOKEN -> checkFederationToken(definition, source, violations);
			case SESSION_TOKEN -> checkSessionToken(source, violations);
		}
		checkPolicies(definition, violations);
		checkTags(definition.sessionTags(), violations);
		int duration = (definition.durationSeconds() != null) ? definition.durationSeconds() : DEFAULT_SECONDS;
		checkDuration(type, duration, source, violations);
		violations.throwIfAny();
		return new Recipe(type, definition.roleArn(), definition.externalId(), definition.sessionPolicy(),
				definition.policyArns(), definition.sessionTags(), definition.sourceIdentity(), duration,
				definition.roleSessionName());
	}

	private void checkFieldsAllowed(RecipeType type, WorkloadDefinition definition, Violations violations) {
		if (type != RecipeType.ASSUME_ROLE) {
			rejectIfSet("roleArn", definition.roleArn(), type, violations);
			rejectIfSet("externalId", definition.externalId(), type, violations);
			rejectIfSet("sourceIdentity", definition.sourceIdentity(), type, violations);
			rejectIfSet("roleSessionName", definition.roleSessionName(), type, violations);
		}
		if (type == RecipeType.SESSION_TOKEN) {
			rejectIfSet("sessionPolicy", definition.sessionPolicy(), type, violations);
			if (definition.policyArns() != null && !definition.policyArns().isEmpty()) {
				violations.add("policyArns", "is not allowed for type session-token");
			}
			if (definition.sessionTags() != null && !definition.sessionTags().isEmpty()) {
				violations.add("sessionTags", "is not allowed for type session-token");
			}
		}
	}

	private static void rejectIfSet(String field, String value, RecipeType type, Violations violations) {
		if (value != null) {
			violations.add(field, "is not allowed for type " + type.wireName());
		}
	}

	private void checkAssumeRole(String workloadName, WorkloadDefinition definition, Violations violations) {
		if (definition.roleArn() == null || !ROLE_ARN.matcher(definition.roleArn()).matches()) {
			violations.add("roleArn", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/app");
		}
		if (definition.externalId() != null && !EXTERNAL_ID.matcher(definition.externalId()).matches()) {
			violations.add("externalId", "must be 2-1224 characters of letters, digits and +=,.@:/_-");
		}
		if (definition.sourceIdentity() != null && (!SOURCE_IDENTITY.matcher(definition.sourceIdentity()).matches()
				|| definition.sourceIdentity().regionMatches(true, 0, "aws:", 0, 4))) {
			violations.add("sourceIdentity",
					"must be 2-64 characters of letters, digits and +=,.@_- not starting " + "with aws:");
		}
		if (definition.roleSessionName() != null) {
			String resolved = definition.roleSessionName().replace("{workload}", workloadName);
			if (!ROLE_SESSION_NAME.matcher(resolved).matches()) {
				violations.add("roleSessionName", "must give 2-64 characters of letters, digits and +=,.@_- once "
						+ "{workload} is replaced by the workload name");
			}
		}
	}

	private void checkFederationToken(WorkloadDefinition definition, Source source, Violations violations) {
		if (!source.holdsPlainLongTermKeys()) {
			violations.add("source", "federation-token needs a static source without an mfaSerial: STS "
					+ "GetFederationToken only accepts an IAM user's long-term keys");
		}
		boolean hasArns = definition.policyArns() != null && !definition.policyArns().isEmpty();
		if (definition.sessionPolicy() == null && !hasArns) {
			violations.add("sessionPolicy", "federation-token needs a sessionPolicy or policyArns: without one the "
					+ "credentials carry all of the IAM user's own permissions");
		}
	}

	private void checkSessionToken(Source source, Violations violations) {
		if (source.hasMfaSerial()) {
			violations.add("source", "session-token needs long-term keys, but this source issues through its MFA "
					+ "session; use assume-role");
		}
	}

	private void checkPolicies(WorkloadDefinition definition, Violations violations) {
		if (definition.sessionPolicy() != null && !definition.sessionPolicyIsObject()) {
			violations.add("sessionPolicy", "must be a JSON object (an IAM policy document)");
		}
		List<String> arns = (definition.policyArns() != null) ? definition.policyArns() : List.of();
		if (arns.size() > POLICY_ARNS_MAX) {
			violations.add("policyArns", "at most " + POLICY_ARNS_MAX + " policy ARNs are allowed, not " + arns.size());
		}
		int packed = (definition.sessionPolicy() != null) ? definition.sessionPolicy().length() : 0;
		for (int i = 0; i < arns.size(); i++) {
			String arn = arns.get(i);
			if (arn == null || !POLICY_ARN.matcher(arn).matches()) {
				violations.add("policyArns[" + i + "]",
						"must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess");
			}
			else {
				packed += arn.length();
			}
		}
		if (packed > PACKED_POLICY_MAX) {
			violations.add("sessionPolicy", "the session policy (minified) and the policy ARNs together must not "
					+ "exceed " + PACKED_POLICY_MAX + " characters; they take " + packed);
		}
	}

	private void checkTags(Map<String, String> tags, Violations violations) {
		if (tags == null) {
			return;
		}
		if (tags.size() > TAGS_MAX) {
			violations.add("sessionTags", "at most " + TAGS_MAX + " session tags are allowed, not " + tags.size());
		}
		tags.forEach((key, value) -> {
			if (key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()
					|| key.regionMatches(true, 0, "aws:", 0, 4)) {
				violations.add("sessionTags." + key, "tag keys must be 1-128 characters of letters, digits, spaces "
						+ "and _.:/=+-@, not starting with aws:");
			}
			if (value == null || value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
				violations.add("sessionTags." + key,
						"tag values must be 0-256 characters of letters, digits, spaces " + "and _.:/=+-@");
			}
		});
	}

	private void checkDuration(RecipeType type, int duration, Source source, Violations violations) {
		int min = (int) this.properties.minDuration().toSeconds();
		int max = switch (type) {
			case ASSUME_ROLE -> source.hasMfaSerial() ? CHAINED_MAX_SECONDS : ASSUME_ROLE_MAX_SECONDS;
			case FEDERATION_TOKEN, SESSION_TOKEN -> TOKEN_MAX_SECONDS;
		};
		if (duration < min) {
			violations.add("durationSeconds", "must be at least " + min + " (credbroker.workloads.min-duration): "
					+ "the broker serves credentials with at least 20 minutes left and renews them in the background, "
					+ "which shorter credentials do not allow");
		}
		else if (duration > max) {
			String why = (type == RecipeType.ASSUME_ROLE && source.hasMfaSerial())
					? " because source '" + source.name() + "' issues through an MFA session and STS caps sessions "
							+ "chained from temporary credentials at one hour"
					: " for " + type.wireName();
			violations.add("durationSeconds", "must be at most " + max + why);
		}
	}

}
