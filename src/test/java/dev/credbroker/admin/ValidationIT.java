package dev.credbroker.admin;

import static dev.credbroker.testsupport.AdminBodies.POLICY_ARN;
import static dev.credbroker.testsupport.AdminBodies.assumeRole;
import static dev.credbroker.testsupport.AdminBodies.federationToken;
import static dev.credbroker.testsupport.AdminBodies.sessionToken;
import static dev.credbroker.testsupport.AdminBodies.staticSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.JsonBody;

/**
 * Every write-time validation rule of docs/CONTRACT.md, through HTTP: 400, a problem body
 * whose {@code errors[].field} names the field, and nothing stored. The boundaries
 * themselves are in {@code RecipeValidatorTest} and {@code SourceDefinitionTest}.
 */
class ValidationIT {

	/** A static source without MFA: every recipe type may use it. */
	private static final String PLAIN = "plain";

	private static final String MFA = "mfa";

	private static final String CHAIN = "chain";

	private static final AtomicInteger names = new AtomicInteger();

	private static BrokerApp broker;

	private static HttpJson admin;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir).unreachableSts().start();
		admin = broker.admin();
		AdminSteps steps = new AdminSteps(broker);
		steps.putSource(PLAIN, staticSource());
		steps.putSource(MFA, AdminBodies.staticSourceWithMfa());
		steps.putSource(CHAIN, AdminBodies.defaultChainSource());
	}

	@AfterAll
	static void stop() {
		broker.close();
	}

	static Stream<Arguments> invalidWorkloads() {
		String longPolicyStatement = "s3:" + "x".repeat(2000);
		Map<String, Object> bigPolicy = Map.of("Version", "2012-10-17", "Statement",
				List.of(Map.of("Effect", "Allow", "Action", longPolicyStatement, "Resource", "*")));
		return Stream.of(rule("missing type", assumeRole(PLAIN).without("type"), "type"),
				rule("unknown type", assumeRole(PLAIN).with("type", "assume-roles"), "type"),
				rule("missing source", assumeRole(PLAIN).without("source"), "source"),
				rule("unknown source", assumeRole("no-such-source"), "source"),
				rule("missing roleArn", assumeRole(PLAIN).without("roleArn"), "roleArn"),
				rule("roleArn: wrong partition", role("arn:aws-mars:iam::123456789012:role/app"), "roleArn"),
				rule("roleArn: 11-digit account", role("arn:aws:iam::12345678901:role/app"), "roleArn"),
				rule("roleArn: 13-digit account", role("arn:aws:iam::1234567890123:role/app"), "roleArn"),
				rule("roleArn: a user, not a role", role("arn:aws:iam::123456789012:user/app"), "roleArn"),
				rule("roleArn: another service", role("arn:aws:s3:::123456789012:role/app"), "roleArn"),
				rule("policyArns: a role ARN", policyArns("arn:aws:iam::123456789012:role/app"), "policyArns[0]"),
				rule("policyArns: wrong partition", policyArns(POLICY_ARN, "arn:aws-mars:iam::aws:policy/X"),
						"policyArns[1]"),
				rule("policyArns: more than 10", policyArns(Collections.nCopies(11, POLICY_ARN).toArray(String[]::new)),
						"policyArns"),
				rule("assume-role under 1800 s", assumeRole(PLAIN).with("durationSeconds", 1799), "durationSeconds",
						"min-duration"),
				rule("assume-role over 43200 s", assumeRole(PLAIN).with("durationSeconds", 43201), "durationSeconds"),
				rule("assume-role from an MFA source over 3600 s", assumeRole(MFA).with("durationSeconds", 3601),
						"durationSeconds", "one hour"),
				rule("session-token under 1800 s", sessionToken(PLAIN).with("durationSeconds", 900), "durationSeconds",
						"min-duration"),
				rule("session-token over 129600 s", sessionToken(PLAIN).with("durationSeconds", 129601),
						"durationSeconds"),
				rule("federation-token under 1800 s", federationToken(PLAIN).with("durationSeconds", 0),
						"durationSeconds", "min-duration"),
				rule("federation-token over 129600 s", federationToken(PLAIN).with("durationSeconds", 129601),
						"durationSeconds"),
				rule("negative duration", assumeRole(PLAIN).with("durationSeconds", -1), "durationSeconds"),
				rule("sessionPolicy: a string", assumeRole(PLAIN).with("sessionPolicy", "{\"Version\":\"2012-10-17\"}"),
						"sessionPolicy"),
				rule("sessionPolicy: an array", assumeRole(PLAIN).with("sessionPolicy", List.of(1, 2)),
						"sessionPolicy"),
				rule("sessionPolicy: over 2048 with the policy ARNs",
						assumeRole(PLAIN).with("sessionPolicy", bigPolicy).with("policyArns", List.of(POLICY_ARN)),
						"sessionPolicy", "2048"),
				rule("sessionTags: more than 50", assumeRole(PLAIN).with("sessionTags", tags(51)), "sessionTags"),
				rule("sessionTags: key over 128", assumeRole(PLAIN).with("sessionTags", Map.of("k".repeat(129), "v")),
						"sessionTags." + "k".repeat(129)),
				rule("sessionTags: value over 256",
						assumeRole(PLAIN).with("sessionTags", Map.of("team", "v".repeat(257))), "sessionTags.team"),
				rule("sessionTags: aws: prefix", assumeRole(PLAIN).with("sessionTags", Map.of("aws:team", "v")),
						"sessionTags.aws:team"),
				rule("externalId: 1 character", assumeRole(PLAIN).with("externalId", "x"), "externalId"),
				rule("externalId: 1225 characters", assumeRole(PLAIN).with("externalId", "x".repeat(1225)),
						"externalId"),
				rule("externalId: a space", assumeRole(PLAIN).with("externalId", "ext id"), "externalId"),
				rule("externalId: a quote", assumeRole(PLAIN).with("externalId", "ext\"id"), "externalId"),
				rule("roleSessionName: 1 character", assumeRole(PLAIN).with("roleSessionName", "x"), "roleSessionName"),
				rule("roleSessionName: 65 characters", assumeRole(PLAIN).with("roleSessionName", "x".repeat(65)),
						"roleSessionName"),
				rule("roleSessionName: a colon", assumeRole(PLAIN).with("roleSessionName", "app:web"),
						"roleSessionName"),
				rule("roleSessionName: {workload} makes it over 64", "w".repeat(60),
						assumeRole(PLAIN).with("roleSessionName", "credbroker-{workload}"), "roleSessionName"),
				rule("roleSessionName: unknown template", assumeRole(PLAIN).with("roleSessionName", "cb-{name}"),
						"roleSessionName"),
				rule("sourceIdentity: 1 character", assumeRole(PLAIN).with("sourceIdentity", "x"), "sourceIdentity"),
				rule("sourceIdentity: 65 characters", assumeRole(PLAIN).with("sourceIdentity", "x".repeat(65)),
						"sourceIdentity"),
				rule("sourceIdentity: aws: prefix", assumeRole(PLAIN).with("sourceIdentity", "aws:me"),
						"sourceIdentity"),
				rule("sourceIdentity: a space", assumeRole(PLAIN).with("sourceIdentity", "jane doe"), "sourceIdentity"),
				rule("federation-token from an MFA source", federationToken(MFA), "source"),
				rule("federation-token from the default chain", federationToken(CHAIN), "source"),
				rule("federation-token without a policy", federationToken(PLAIN).without("sessionPolicy"),
						"sessionPolicy"),
				rule("federation-token with an empty policyArns",
						federationToken(PLAIN).without("sessionPolicy").with("policyArns", List.of()), "sessionPolicy"),
				rule("session-token from an MFA source", sessionToken(MFA), "source"),
				rule("roleArn on session-token", sessionToken(PLAIN).with("roleArn", AdminBodies.ROLE_ARN), "roleArn"),
				rule("externalId on session-token", sessionToken(PLAIN).with("externalId", "ext-id"), "externalId"),
				rule("sessionPolicy on session-token",
						sessionToken(PLAIN).with("sessionPolicy", AdminBodies.SESSION_POLICY), "sessionPolicy"),
				rule("policyArns on session-token", sessionToken(PLAIN).with("policyArns", List.of(POLICY_ARN)),
						"policyArns"),
				rule("sessionTags on session-token", sessionToken(PLAIN).with("sessionTags", Map.of("a", "b")),
						"sessionTags"),
				rule("roleArn on federation-token", federationToken(PLAIN).with("roleArn", AdminBodies.ROLE_ARN),
						"roleArn"),
				rule("roleSessionName on federation-token", federationToken(PLAIN).with("roleSessionName", "cb-x"),
						"roleSessionName"),
				rule("sourceIdentity on session-token", sessionToken(PLAIN).with("sourceIdentity", "jane"),
						"sourceIdentity"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidWorkloads")
	void invalidWorkloadIsRejectedNamingTheFieldAndNotStored(String rule, String name, JsonBody body, String field,
			String messageFragment) {
		String workload = (name != null) ? name : "wl-" + names.incrementAndGet();
		Response response = admin.put("/admin/v1/workloads/" + workload, body.toString());
		assertRejected(response, field, messageFragment);
		assertThat(admin.get("/admin/v1/workloads/" + workload).status()).as("nothing stored").isEqualTo(404);
	}

	static Stream<Arguments> invalidSources() {
		return Stream.of(rule("missing type", staticSource().without("type"), "type"),
				rule("unknown type", staticSource().with("type", "env"), "type"),
				rule("static without accessKeyId", staticSource().without("accessKeyId"), "accessKeyId"),
				rule("static with a temporary key id", staticSource().with("accessKeyId", "ASIAABCDEFGHIJKLWXYZ"),
						"accessKeyId"),
				rule("static without secretAccessKey", staticSource().without("secretAccessKey"), "secretAccessKey"),
				rule("static with a short secretAccessKey", staticSource().with("secretAccessKey", "short"),
						"secretAccessKey"),
				rule("keys on default-chain",
						AdminBodies.defaultChainSource().with("accessKeyId", AdminBodies.ACCESS_KEY_ID), "accessKeyId"),
				rule("profile without a name", JsonBody.of("type", "profile"), "profile"),
				rule("profile on static", staticSource().with("profile", "ops"), "profile"),
				rule("mfaSerial: 8 characters", staticSource().with("mfaSerial", "arn:aws:"), "mfaSerial"),
				rule("mfaSerial: 257 characters", staticSource().with("mfaSerial", "a".repeat(257)), "mfaSerial"),
				rule("mfaSerial: a space", staticSource().with("mfaSerial", "arn:aws:iam::123456789012:mfa/o ps"),
						"mfaSerial"),
				rule("mfaSerial: a hash", staticSource().with("mfaSerial", "arn:aws:iam::123456789012:mfa/#ops"),
						"mfaSerial"),
				rule("region: not a region", staticSource().with("region", "Mars"), "region"),
				rule("region: longer than the store holds",
						staticSource().with("region", "us-" + "east".repeat(20) + "-1"), "region", "64"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSources")
	void invalidSourceIsRejectedNamingTheFieldAndNotStored(String rule, String name, JsonBody body, String field,
			String messageFragment) {
		String source = "src-" + names.incrementAndGet();
		Response response = admin.put("/admin/v1/sources/" + source, body.toString());
		assertRejected(response, field, messageFragment);
		assertThat(response.body()).doesNotContain(AdminBodies.SECRET_ACCESS_KEY);
		assertThat(admin.get("/admin/v1/sources/" + source).status()).as("nothing stored").isEqualTo(404);
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "Main", "-main", "main_1", "main.1", "m%C3%A4in",
			"a123456789012345678901234567890123456789012345678901234567890123" })
	void invalidNameIsRejectedForSourcesAndWorkloads(String name) {
		assertRejected(admin.put("/admin/v1/sources/" + name, staticSource().toString()), "name", "a-z");
		assertRejected(admin.put("/admin/v1/workloads/" + name, sessionToken(PLAIN).toString()), "name", "a-z");
		assertThat(admin.get("/admin/v1/sources").body()).doesNotContain("\"" + name + "\"");
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "a", "0", "a-", "a12345678901234567890123456789012345678901234567890123456789012" })
	void namesAtTheEdgesOfThePatternAreAccepted(String name) {
		assertThat(admin.put("/admin/v1/sources/" + name, staticSource().toString()).status()).isEqualTo(201);
		assertThat(admin.put("/admin/v1/workloads/" + name, sessionToken(name).toString()).status()).isEqualTo(201);
	}

	static Stream<Arguments> bodyRoutes() {
		return Stream
			.of("application/*", "*/*", "application/*; charset=utf-8", "application/json; charset=nope", "garbage")
			.flatMap((type) -> Stream.of(Arguments.of("PUT", "/admin/v1/sources/ct-src", type),
					Arguments.of("PUT", "/admin/v1/workloads/ct-wl", type),
					Arguments.of("POST", "/admin/v1/sources/" + MFA + "/mfa-session", type),
					Arguments.of("POST", "/admin/v1/sts/decode-authorization-message", type)));
	}

	@ParameterizedTest(name = "{0} {1} as {2}")
	@MethodSource("bodyRoutes")
	void unusableContentTypeIsUnsupportedNamingTheAcceptedType(String method, String path, String contentType) {
		String body = path.contains("/workloads/") ? sessionToken(PLAIN).toString() : staticSource().toString();
		Response response = admin.exchange(method, path, Map.of("Content-Type", contentType), body);

		assertThat(response.status()).as(response.toString()).isEqualTo(415);
		AdminApiIT.assertProblem(response);
		assertThat(response.json().get("detail").asString()).as(response.toString()).contains("application/json");
		assertThat(admin.get("/admin/v1/sources/ct-src").status()).as("nothing stored").isEqualTo(404);
		assertThat(admin.get("/admin/v1/workloads/ct-wl").status()).as("nothing stored").isEqualTo(404);
	}

	static Stream<Arguments> strictJson() {
		String source = "\"type\":\"static\",\"accessKeyId\":\"" + AdminBodies.ACCESS_KEY_ID
				+ "\",\"secretAccessKey\":\"" + AdminBodies.SECRET_ACCESS_KEY + "\"";
		String workload = "\"source\":\"" + PLAIN + "\",\"type\":\"assume-role\",\"roleArn\":\"" + AdminBodies.ROLE_ARN
				+ "\"";
		return Stream.of(
				Arguments.of("duplicate key", "sources", "{" + source + ",\"type\":\"default-chain\"}", "type"),
				Arguments.of("duplicate key in a map", "workloads",
						"{" + workload + ",\"sessionTags\":{\"team\":\"a\",\"team\":\"b\"}}", "sessionTags.team"),
				Arguments.of("number as a string", "workloads", "{" + workload + ",\"durationSeconds\":\"3600\"}",
						"durationSeconds"),
				Arguments.of("fraction as a whole number", "workloads", "{" + workload + ",\"durationSeconds\":3600.5}",
						"durationSeconds"),
				Arguments.of("boolean as a number", "workloads", "{" + workload + ",\"durationSeconds\":true}",
						"durationSeconds"),
				Arguments.of("number as a tag value", "workloads", "{" + workload + ",\"sessionTags\":{\"a\":1}}",
						"sessionTags.a"),
				Arguments.of("boolean as a tag value", "workloads", "{" + workload + ",\"sessionTags\":{\"a\":true}}",
						"sessionTags.a"),
				Arguments.of("number as a string field", "sources", "{" + source + ",\"region\":1}", "region"),
				Arguments.of("boolean as a string field", "workloads", "{" + workload + ",\"externalId\":false}",
						"externalId"),
				Arguments.of("string as a boolean", "workloads", "{" + workload + ",\"enabled\":\"false\"}",
						"enabled"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("strictJson")
	void duplicateKeysAndCoercedScalarsAreRejectedNamingTheField(String rule, String collection, String body,
			String field) {
		String path = "/admin/v1/" + collection + "/strict-" + names.incrementAndGet();
		Response response = admin.put(path, body);

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		AdminApiIT.assertProblem(response);
		assertThat(response.json().get("detail").asString()).as(response.toString()).contains("'" + field + "'");
		assertThat(admin.get(path).status()).as("nothing stored").isEqualTo(404);
	}

	private static void assertRejected(Response response, String field, String messageFragment) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		AdminApiIT.assertProblem(response);
		JsonNode errors = response.json().get("errors");
		assertThat(errors).as("errors[] in %s", response).isNotNull();
		List<String> fields = errors.valueStream().map((error) -> error.get("field").asString()).toList();
		assertThat(fields).as(response.toString()).contains(field);
		JsonNode error = errors.valueStream()
			.filter((e) -> e.get("field").asString().equals(field))
			.findFirst()
			.orElseThrow();
		assertThat(error.get("message").asString()).isNotBlank();
		if (messageFragment != null) {
			assertThat(error.get("message").asString()).contains(messageFragment);
		}
	}

	private static Arguments rule(String rule, JsonBody body, String field) {
		return rule(rule, null, body, field, null);
	}

	private static Arguments rule(String rule, JsonBody body, String field, String messageFragment) {
		return rule(rule, null, body, field, messageFragment);
	}

	private static Arguments rule(String rule, String name, JsonBody body, String field) {
		return rule(rule, name, body, field, null);
	}

	private static Arguments rule(String rule, String name, JsonBody body, String field, String messageFragment) {
		return Arguments.of(rule, name, body, field, messageFragment);
	}

	private static JsonBody role(String roleArn) {
		return assumeRole(PLAIN).with("roleArn", roleArn);
	}

	private static JsonBody policyArns(String... arns) {
		return assumeRole(PLAIN).with("policyArns", List.of(arns));
	}

	private static Map<String, String> tags(int count) {
		Map<String, String> tags = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> tags.put("tag" + i, "v" + i));
		return tags;
	}

}
