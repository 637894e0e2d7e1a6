package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.RecordedRequest;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Every recipe field reaches STS exactly as configured; each recipe type issues; refusals
 * are not retried.
 */
class RecipeCoverageIT {

	private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}";

	private static final String OTHER_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":[\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::data/*\"}]}";

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of());

	@Test
	void everyAssumeRoleFieldReachesStsExactly() {
		String workload = world.newWorkloadName("full");
		String token = world.createWorkload(workload, world.assumeAppRole(("""
				,"sessionPolicy":%s,"policyArns":["%s"],"sessionTags":{"team":"data","env":"test"},\
				"externalId":"ext-123","sourceIdentity":"alice","roleSessionName":"ci-{workload}\"""").formatted(POLICY,
				world.iam().readonlyExtraPolicyArn())));

		HttpJson.Response response = world.credentials(token);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<RecordedRequest> calls = world.proxy().requests("AssumeRole");
		assertThat(calls).hasSize(1);
		assertThat(stsParameters(calls.get(0))).containsExactlyInAnyOrderEntriesOf(
				Map.ofEntries(Map.entry("Action", "AssumeRole"), Map.entry("Version", "2011-06-15"),
						Map.entry("RoleArn", world.iam().appRoleArn()), Map.entry("RoleSessionName", "ci-" + workload),
						Map.entry("DurationSeconds", "3600"), Map.entry("Policy", POLICY),
						Map.entry("PolicyArns.member.1.arn", world.iam().readonlyExtraPolicyArn()),
						Map.entry("Tags.member.1.Key", "env"), Map.entry("Tags.member.1.Value", "test"),
						Map.entry("Tags.member.2.Key", "team"), Map.entry("Tags.member.2.Value", "data"),
						Map.entry("ExternalId", "ext-123"), Map.entry("SourceIdentity", "alice")));
	}

	@Test
	void roleSessionNameDefaultsToTheWorkloadNameAndOptionalFieldsStayAway() {
		String workload = world.newWorkloadName("plain");
		String token = world.createAppWorkload(workload);

		assertThat(world.credentials(token).status()).isEqualTo(200);

		List<RecordedRequest> calls = world.assumeRoleCalls(workload);
		assertThat(calls).hasSize(1);
		assertThat(stsParameters(calls.get(0))).containsOnlyKeys("Action", "Version", "RoleArn", "RoleSessionName",
				"DurationSeconds");
		assertThat(calls.get(0).param("RoleSessionName")).isEqualTo("credbroker-" + workload);
	}

	@Test
	void federationTokenIssuesWithNameAndPolicy() {
		String workload = world.newWorkloadName("fed");
		String token = world.createWorkload(workload, """
				{"source":"main","type":"federation-token","sessionPolicy":%s,"durationSeconds":3600}"""
			.formatted(POLICY));

		HttpJson.Response response = world.credentials(token);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(keysOf(response.json())).containsExactly("AccessKeyId", "SecretAccessKey", "Token", "Expiration",
				"AccountId");
		assertThat(response.json().get("AccountId").asString()).isEqualTo("123456789012");
		List<RecordedRequest> calls = world.proxy().requests("GetFederationToken");
		assertThat(calls).hasSize(1);
		assertThat(stsParameters(calls.get(0)))
			.containsExactlyInAnyOrderEntriesOf(Map.of("Action", "GetFederationToken", "Version", "2011-06-15", "Name",
					"credbroker-" + workload, "Policy", POLICY, "DurationSeconds", "3600"));
		assertThat(world.proxy().count("AssumeRole")).isZero();
	}

	@Test
	void sessionTokenIssues() {
		String workload = world.newWorkloadName("session");
		String token = world.createWorkload(workload, """
				{"source":"main","type":"session-token","durationSeconds":3600}""");

		HttpJson.Response response = world.credentials(token);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("AccessKeyId").asString()).isNotBlank();
		assertThat(response.json().get("Token").asString()).isNotBlank();
		List<RecordedRequest> calls = world.proxy().requests("GetSessionToken");
		assertThat(calls).hasSize(1);
		assertThat(stsParameters(calls.get(0))).containsExactlyInAnyOrderEntriesOf(
				Map.of("Action", "GetSessionToken", "Version", "2011-06-15", "DurationSeconds", "3600"));
	}

	@Test
	void accessDeniedIsAnsweredOnceAsUpstreamRejectedAndRemembered() {
		VendingHarness.TestWorkload locked = world.newLockedWorkload("locked");
		String workload = locked.name();
		String token = locked.token();

		HttpJson.Response rejected = world.credentials(token);

		assertThat(rejected.status()).as(rejected.toString()).isEqualTo(502);
		assertThat(rejected.header("Content-Type")).isEqualTo("application/json");
		JsonNode body = rejected.json();
		assertThat(body.get("code").asString()).isEqualTo("UpstreamRejected");
		assertThat(body.get("Code").asString()).isEqualTo("UpstreamRejected");
		assertThat(body.get("message").asString()).contains("AccessDenied")
			.contains(world.iam().lockedRoleArn())
			.isEqualTo(body.get("Message").asString());
		assertThat(rejected.body()).doesNotContain(world.iam().broker().secretAccessKey());
		assertThat(world.assumeRoleCalls(workload)).as("a refusal is not retried").hasSize(1);

		HttpJson.Response again = world.credentials(token);
		assertThat(again.status()).isEqualTo(502);
		assertThat(again.json().get("message").asString()).contains("AccessDenied");
		assertThat(world.assumeRoleCalls(workload)).as("remembered for the rejection TTL").hasSize(1);

		// Fixing the recipe forgets the refusal at once.
		assertThat(world.broker().admin().put("/admin/v1/workloads/" + workload, world.assumeAppRole("")).status())
			.isEqualTo(200);
		HttpJson.Response fixed = world.credentials(token);
		assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
		assertThat(fixed.json().get("RoleArn").asString()).isEqualTo(world.iam().appRoleArn());
		assertThat(world.assumeRoleCalls(workload)).hasSize(2);
	}

	@Test
	void aRefusalWithoutAnErrorCodeIsStillARejectionNotAnOutage() {
		// moto's auth errors come in the EC2 shape the Java SDK cannot parse: a 403
		// without an error code for the SDK; the broker reads the code from the body.
		world.proxy().normalizeMotoErrors(false);
		VendingHarness.TestWorkload uncoded = world.newLockedWorkload("uncoded");
		String workload = uncoded.name();
		String token = uncoded.token();

		HttpJson.Response rejected = world.credentials(token);

		assertThat(rejected.status()).as(rejected.toString()).isEqualTo(502);
		assertThat(rejected.json().get("code").asString()).isEqualTo("UpstreamRejected");
		assertThat(rejected.json().get("message").asString()).contains("AccessDenied")
			.contains(world.iam().lockedRoleArn())
			.doesNotContain("null");
		assertThat(world.credentials(token).status()).isEqualTo(502);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
	}

	@Test
	void replacingTheWorkloadInvalidatesItsCredentialsAtOnce() {
		String workload = world.newWorkloadName("replaced");
		String token = world.createWorkload(workload, world.assumeAppRole(",\"sessionPolicy\":" + POLICY));
		String firstKey = world.credentials(token).json().get("AccessKeyId").asString();
		assertThat(world.credentials(token).json().get("AccessKeyId").asString()).isEqualTo(firstKey);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);

		HttpJson.Response replaced = world.broker()
			.admin()
			.put("/admin/v1/workloads/" + workload, world.assumeAppRole(",\"sessionPolicy\":" + OTHER_POLICY));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

		HttpJson.Response after = world.credentials(token);
		assertThat(after.status()).as("the token is kept").isEqualTo(200);
		assertThat(after.json().get("AccessKeyId").asString()).isNotEqualTo(firstKey);
		List<RecordedRequest> calls = world.assumeRoleCalls(workload);
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).param("Policy")).isEqualTo(POLICY);
		assertThat(calls.get(1).param("Policy")).isEqualTo(OTHER_POLICY);
	}

	@Test
	void replacingTheSourceInvalidatesItsWorkloadsCredentialsAtOnce() {
		String workload = world.newWorkloadName("source-replaced");
		String token = world.createAppWorkload(workload);
		String firstKey = world.credentials(token).json().get("AccessKeyId").asString();

		HttpJson.Response replaced = world.putSource();
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

		HttpJson.Response after = world.credentials(token);
		assertThat(after.status()).as(after.toString()).isEqualTo(200);
		assertThat(after.json().get("AccessKeyId").asString()).isNotEqualTo(firstKey);
		assertThat(world.assumeRoleCalls(workload)).hasSize(2);
	}

	/** The STS parameters of a request, without the signing and transport ones. */
	private static Map<String, String> stsParameters(RecordedRequest request) {
		return request.params();
	}

	private static List<String> keysOf(JsonNode node) {
		List<String> keys = new ArrayList<>();
		node.propertyNames().forEach(keys::add);
		return keys;
	}

}
