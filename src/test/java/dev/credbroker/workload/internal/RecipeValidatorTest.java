package dev.credbroker.workload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.credbroker.common.FieldViolation;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.crypto.Secret;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceType;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RecipeType;
import dev.credbroker.workload.WorkloadDefinition;
import dev.credbroker.workload.WorkloadProperties;

/**
 * The recipe rules at their boundaries: exactly at a limit is accepted, one past it is
 * refused, naming the field.
 */
class RecipeValidatorTest {

	private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/app";

	private static final String POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

	private static final Source PLAIN = source("plain", SourceType.STATIC, null);

	private static final Source MFA = source("mfa", SourceType.STATIC, "arn:aws:iam::123456789012:mfa/ops");

	private static final Source CHAIN = source("chain", SourceType.DEFAULT_CHAIN, null);

	private final RecipeValidator validator = new RecipeValidator(
			new WorkloadProperties(Duration.ofSeconds(1800), Duration.ofMinutes(5), 3));

	static Stream<Arguments> durationLimits() {
		return Stream.of(Arguments.of("assume-role", named(PLAIN), 1800, 43200),
				Arguments.of("assume-role", named(MFA), 1800, 3600),
				Arguments.of("assume-role", named(CHAIN), 1800, 43200),
				Arguments.of("session-token", named(PLAIN), 1800, 129600),
				Arguments.of("federation-token", named(PLAIN), 1800, 129600));
	}

	private static Named<Source> named(Source source) {
		return Named.of(source.name() + " source", source);
	}

	@ParameterizedTest(name = "{0} from {1}: {2}-{3}")
	@MethodSource("durationLimits")
	void durationIsAcceptedExactlyWithinItsLimits(String type, Source source, int min, int max) {
		assertThat(validate(recipe(type).duration(min), source).durationSeconds()).isEqualTo(min);
		assertThat(validate(recipe(type).duration(max), source).durationSeconds()).isEqualTo(max);
		assertRejected(recipe(type).duration(min - 1), source, "durationSeconds");
		assertRejected(recipe(type).duration(max + 1), source, "durationSeconds");
	}

	@Test
	void tooShortDurationNamesMinDuration() {
		assertThat(violations(recipe("assume-role").duration(1799), PLAIN))
			.anySatisfy((violation) -> assertThat(violation.message()).contains("credbroker.workloads.min-duration"));
	}

	@Test
	void minDurationIsConfigurable() {
		RecipeValidator strict = new RecipeValidator(new WorkloadProperties(Duration.ofHours(1), Duration.ZERO, 3));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> strict.validate("app", recipe("assume-role").duration(3599).definition(), PLAIN));
		assertThat(strict.validate("app", recipe("assume-role").duration(3600).definition(), PLAIN)).isNotNull();
	}

	@Test
	void durationDefaultsToOneHour() {
		assertThat(validate(recipe("assume-role").duration(null), PLAIN).durationSeconds()).isEqualTo(3600);
	}

	@Test
	void validRecipeKeepsEveryField() {
		Recipe recipe = validate(recipe("assume-role").externalId("ext-1")
			.sessionPolicy("{\"Version\":\"2012-10-17\"}")
			.policyArns(List.of(POLICY_ARN))
			.tags(Map.of("team", "data"))
			.sourceIdentity("jane")
			.roleSessionName("web-{workload}"), PLAIN);
		assertThat(recipe.type()).isEqualTo(RecipeType.ASSUME_ROLE);
		assertThat(recipe.roleArn()).isEqualTo(ROLE_ARN);
		assertThat(recipe.externalId()).isEqualTo("ext-1");
		assertThat(recipe.policyArns()).containsExactly(POLICY_ARN);
		assertThat(recipe.sessionTags()).containsEntry("team", "data");
		assertThat(recipe.roleSessionNameFor("app")).isEqualTo("web-app");
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 1224 })
	void externalIdLengthLimitsAreAccepted(int length) {
		validate(recipe("assume-role").externalId("a".repeat(length)), PLAIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "ext id", "ext\"id", "ext#id", "ext!" })
	void externalIdOutsideTheRuleIsRejected(String externalId) {
		assertRejected(recipe("assume-role").externalId(externalId), PLAIN, "externalId");
	}

	@Test
	void externalIdAcceptsEveryAllowedCharacter() {
		validate(recipe("assume-role").externalId("aZ09_+=,.@:/-"), PLAIN);
		assertRejected(recipe("assume-role").externalId("a".repeat(1225)), PLAIN, "externalId");
	}

	@Test
	void roleSessionNameLimits() {
		validate(recipe("assume-role").roleSessionName("ab"), PLAIN);
		validate(recipe("assume-role").roleSessionName("a".repeat(64)), PLAIN);
		validate(recipe("assume-role").roleSessionName("aZ09_+=,.@-"), PLAIN);
		assertRejected(recipe("assume-role").roleSessionName("a"), PLAIN, "roleSessionName");
		assertRejected(recipe("assume-role").roleSessionName("a".repeat(65)), PLAIN, "roleSessionName");
		assertRejected(recipe("assume-role").roleSessionName("app:web"), PLAIN, "roleSessionName");
	}

	@Test
	void roleSessionNameTemplateIsCheckedWithTheWorkloadName() {
		String workload60 = "w".repeat(60);
		assertThat(this.validator
			.validate(workload60, recipe("assume-role").roleSessionName("cb-{workload}").definition(), PLAIN)
			.roleSessionNameFor(workload60)).hasSize(63);
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.validator.validate(workload60,
				recipe("assume-role").roleSessionName("cb-x-{workload}").definition(), PLAIN));
		assertRejected(recipe("assume-role").roleSessionName("{workload}-{name}"), PLAIN, "roleSessionName");
	}

	@Test
	void sourceIdentityLimits() {
		validate(recipe("assume-role").sourceIdentity("ab"), PLAIN);
		validate(recipe("assume-role").sourceIdentity("a".repeat(64)), PLAIN);
		assertRejected(recipe("assume-role").sourceIdentity("a"), PLAIN, "sourceIdentity");
		assertRejected(recipe("assume-role").sourceIdentity("a".repeat(65)), PLAIN, "sourceIdentity");
		assertRejected(recipe("assume-role").sourceIdentity("AWS:me"), PLAIN, "sourceIdentity");
	}

	@Test
	void atMostTenPolicyArns() {
		validate(recipe("assume-role").policyArns(Collections.nCopies(10, POLICY_ARN)), PLAIN);
		assertRejected(recipe("assume-role").policyArns(Collections.nCopies(11, POLICY_ARN)), PLAIN, "policyArns");
	}

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::123456789012:policy/a/b",
			"arn:aws-us-gov:iam::123456789012:policy/x" })
	void policyArnsOfEveryPartitionAreAccepted(String arn) {
		validate(recipe("assume-role").policyArns(List.of(arn)), PLAIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:iam::123456789012:role/app", "arn:aws:iam::12345678901:policy/x",
			"arn:aws:iam::AWS:policy/x", "arn:aws:iam::aws:policy/", "arn:aws-mars:iam::aws:policy/x", "" })
	void invalidPolicyArnsAreRejectedByIndex(String arn) {
		assertRejected(recipe("assume-role").policyArns(List.of(POLICY_ARN, arn)), PLAIN, "policyArns[1]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:iam::123456789012:role/app", "arn:aws-cn:iam::123456789012:role/path/app",
			"arn:aws-us-gov:iam::123456789012:role/a+=,.@-_" })
	void roleArnsOfEveryPartitionAreAccepted(String arn) {
		validate(recipe("assume-role").roleArn(arn), PLAIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:iam::123456789012:user/app", "arn:aws:iam::1234567890123:role/app",
			"arn:aws:iam:us-east-1:123456789012:role/app", "arn:aws:iam::123456789012:role/", "role/app" })
	void invalidRoleArnsAreRejected(String arn) {
		assertRejected(recipe("assume-role").roleArn(arn), PLAIN, "roleArn");
	}

	@Test
	void sessionPolicyAndPolicyArnsTogetherAtMost2048Characters() {
		String arns = POLICY_ARN;
		String atLimit = policyOfLength(2048 - arns.length());
		validate(recipe("assume-role").sessionPolicy(atLimit).policyArns(List.of(arns)), PLAIN);
		assertRejected(recipe("assume-role").sessionPolicy(atLimit + " ").policyArns(List.of(arns)), PLAIN,
				"sessionPolicy");
		validate(recipe("assume-role").sessionPolicy(policyOfLength(2048)), PLAIN);
		assertRejected(recipe("assume-role").sessionPolicy(policyOfLength(2049)), PLAIN, "sessionPolicy");
	}

	@Test
	void sessionPolicyMustBeAnObject() {
		assertRejected(recipe("assume-role").sessionPolicy("[1]", false), PLAIN, "sessionPolicy");
	}

	@Test
	void atMostFiftySessionTagsWithKeysTo128AndValuesTo256() {
		validate(recipe("assume-role").tags(tags(50)), PLAIN);
		assertRejected(recipe("assume-role").tags(tags(51)), PLAIN, "sessionTags");
		validate(recipe("assume-role").tags(Map.of("k".repeat(128), "v".repeat(256))), PLAIN);
		validate(recipe("assume-role").tags(Map.of("empty", "")), PLAIN);
		assertRejected(recipe("assume-role").tags(Map.of("k".repeat(129), "v")), PLAIN,
				"sessionTags." + "k".repeat(129));
		assertRejected(recipe("assume-role").tags(Map.of("k", "v".repeat(257))), PLAIN, "sessionTags.k");
		assertRejected(recipe("assume-role").tags(Map.of("", "v")), PLAIN, "sessionTags.");
	}

	@Test
	void federationTokenNeedsPlainLongTermKeysAndAPolicy() {
		validate(recipe("federation-token"), PLAIN);
		validate(recipe("federation-token").sessionPolicy(null).policyArns(List.of(POLICY_ARN)), PLAIN);
		assertRejected(recipe("federation-token"), MFA, "source");
		assertRejected(recipe("federation-token"), CHAIN, "source");
		assertRejected(recipe("federation-token").sessionPolicy(null), PLAIN, "sessionPolicy");
		assertRejected(recipe("federation-token").sessionPolicy(null).policyArns(List.of()), PLAIN, "sessionPolicy");
	}

	@Test
	void sessionTokenRefusesAnMfaSource() {
		validate(recipe("session-token"), PLAIN);
		assertRejected(recipe("session-token"), MFA, "source");
	}

	@Test
	void fieldsOfOtherRecipeTypesAreRejected() {
		assertRejected(recipe("session-token").roleArn(ROLE_ARN), PLAIN, "roleArn");
		assertRejected(recipe("session-token").externalId("ext-1"), PLAIN, "externalId");
		assertRejected(recipe("session-token").sourceIdentity("jane"), PLAIN, "sourceIdentity");
		assertRejected(recipe("session-token").roleSessionName("web"), PLAIN, "roleSessionName");
		assertRejected(recipe("session-token").sessionPolicy("{}"), PLAIN, "sessionPolicy");
		assertRejected(recipe("session-token").policyArns(List.of(POLICY_ARN)), PLAIN, "policyArns");
		assertRejected(recipe("session-token").tags(Map.of("a", "b")), PLAIN, "sessionTags");
		assertRejected(recipe("federation-token").roleArn(ROLE_ARN), PLAIN, "roleArn");
	}

	@Test
	void unknownOrMissingTypeIsRejected() {
		assertRejected(recipe("assume-roles"), PLAIN, "type");
		assertRejected(recipe(null), PLAIN, "type");
	}

	@Test
	void everyViolationOfARequestIsReportedAtOnce() {
		List<FieldViolation> found = violations(recipe("assume-role").roleArn("x").externalId("y").duration(1), PLAIN);
		assertThat(found).extracting(FieldViolation::field).contains("roleArn", "externalId", "durationSeconds");
	}

	private Recipe validate(RecipeBuilder recipe, Source source) {
		return this.validator.validate("app", recipe.definition(), source);
	}

	private void assertRejected(RecipeBuilder recipe, Source source, String field) {
		assertThat(violations(recipe, source)).extracting(FieldViolation::field).contains(field);
	}

	private List<FieldViolation> violations(RecipeBuilder recipe, Source source) {
		return assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> validate(recipe, source))
			.actual()
			.violations();
	}

	/** A minified JSON object of exactly {@code length} characters. */
	private static String policyOfLength(int length) {
		String prefix = "{\"Version\":\"2012-10-17\",\"Sid\":\"";
		return prefix + "x".repeat(length - prefix.length() - 2) + "\"}";
	}

	private static Map<String, String> tags(int count) {
		Map<String, String> tags = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> tags.put("tag" + i, "v"));
		return tags;
	}

	private static Source source(String name, SourceType type, String mfaSerial) {
		Instant now = Instant.now();
		boolean isStatic = type == SourceType.STATIC;
		return new Source(name, type, isStatic ? "AKIAABCDEFGHIJKLWXYZ" : null,
				isStatic ? Secret.of("wJalrXUtnFEMI/K7MDENG") : null, null, mfaSerial, null, 1, now, now);
	}

	private static RecipeBuilder recipe(String type) {
		RecipeBuilder builder = new RecipeBuilder();
		builder.type = type;
		builder.roleArn = "assume-role".equals(type) ? ROLE_ARN : null;
		return "federation-token".equals(type) ? builder.sessionPolicy("{}") : builder;
	}

	/** A valid definition of the given type, varied one field at a time. */
	private static final class RecipeBuilder {

		private String type;

		private String roleArn;

		private String externalId;

		private String sessionPolicy;

		private boolean policyIsObject;

		private List<String> policyArns;

		private Map<String, String> tags;

		private String sourceIdentity;

		private Integer duration = 3600;

		private String roleSessionName;

		RecipeBuilder roleArn(String value) {
			this.roleArn = value;
			return this;
		}

		RecipeBuilder externalId(String value) {
			this.externalId = value;
			return this;
		}

		RecipeBuilder sessionPolicy(String json) {
			return sessionPolicy(json, true);
		}

		RecipeBuilder sessionPolicy(String json, boolean isObject) {
			this.sessionPolicy = json;
			this.policyIsObject = isObject;
			return this;
		}

		RecipeBuilder policyArns(List<String> value) {
			this.policyArns = value;
			return this;
		}

		RecipeBuilder tags(Map<String, String> value) {
			this.tags = value;
			return this;
		}

		RecipeBuilder sourceIdentity(String value) {
			this.sourceIdentity = value;
			return this;
		}

		RecipeBuilder duration(Integer value) {
			this.duration = value;
			return this;
		}

		RecipeBuilder roleSessionName(String value) {
			this.roleSessionName = value;
			return this;
		}

		WorkloadDefinition definition() {
			return new WorkloadDefinition("src", this.type, this.roleArn, this.externalId, this.sessionPolicy,
					this.policyIsObject, this.policyArns, this.tags, this.sourceIdentity, this.duration,
					this.roleSessionName, null);
		}

	}

}
