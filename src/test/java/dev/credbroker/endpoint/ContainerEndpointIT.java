package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.VendingHarness;

/**
 * The container credentials endpoint end to end: moto with IAM auth, the broker's STS
 * calls through a recording proxy, credentials fetched by real clients (AWS SDK for Java
 * v2, botocore, AWS CLI) and used against moto, and the raw HTTP contract.
 */
class ContainerEndpointIT {

	private static final Logger log = LoggerFactory.getLogger(ContainerEndpointIT.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String FULL_URI = "aws.containerCredentialsFullUri";

	private static final String TOKEN = "aws.containerAuthorizationToken";

	private static final String TOKEN_FILE = "aws.containerAuthorizationTokenFile";

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of());

	@TempDir
	Path tmp;

	@BeforeEach
	@AfterEach
	void noContainerProperties() {
		List.of(FULL_URI, TOKEN, TOKEN_FILE).forEach(System::clearProperty);
	}

	@Test
	void javaSdkContainerProviderWithTokenGetsAppRoleCredentialsThatWorkAgainstMoto() {
		String workload = world.newWorkloadName("java-sdk");
		String token = world.createAppWorkload(workload);
		System.setProperty(FULL_URI, world.broker().credentialsUri().toString());
		System.setProperty(TOKEN, token);

		assertJavaSdkActsAsAppRole(workload);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
	}

	@Test
	void javaSdkContainerProviderWithTokenFile() throws Exception {
		String workload = world.newWorkloadName("java-sdk-file");
		Path tokenFile = Files.writeString(this.tmp.resolve("token"), world.createAppWorkload(workload));
		System.setProperty(FULL_URI, world.broker().credentialsUri().toString());
		System.setProperty(TOKEN_FILE, tokenFile.toString());

		assertJavaSdkActsAsAppRole(workload);
	}

	private void assertJavaSdkActsAsAppRole(String workload) {
		try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();
				StsClient sts = StsClient.builder()
					.endpointOverride(world.moto().endpoint())
					.region(Region.of(world.moto().region()))
					.credentialsProvider(provider)
					.httpClientBuilder(ApacheHttpClient.builder())
					.build()) {
			AwsCredentials credentials = provider.resolveCredentials();
			assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
			assertThat(credentials.accessKeyId()).startsWith("ASIA");
			assertThat(credentials.expirationTime()).hasValueSatisfying(
					(expiration) -> assertThat(expiration).isAfter(Instant.now().plus(Duration.ofMinutes(20))));
			assertThat(sts.getCallerIdentity().arn()).isEqualTo(appRoleSessionArn(workload));
		}
	}

	@Test
	void botocoreWithTokenAndWithTokenFile() throws Exception {
		String workload = world.newWorkloadName("botocore");
		String token = world.createAppWorkload(workload);
		String expectedKey = world.credentials(token).json().get("AccessKeyId").asString();

		JsonNode viaToken = botocore(
				Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", token),
				"--caller-identity", world.moto().endpoint().toString());
		assertThat(viaToken.get("method").asString()).isEqualTo("container-role");
		assertThat(viaToken.get("access_key").asString()).isEqualTo(expectedKey);
		assertThat(viaToken.get("token_present").asBoolean()).isTrue();
		assertThat(viaToken.get("arn").asString()).isEqualTo(appRoleSessionArn(workload));

		Path tokenFile = Files.writeString(this.tmp.resolve("token"), token);
		JsonNode viaFile = botocore(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(),
				"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString()), "--caller-identity",
				world.moto().endpoint().toString());
		assertThat(viaFile.get("method").asString()).isEqualTo("container-role");
		assertThat(viaFile.get("access_key").asString()).isEqualTo(expectedKey);
		assertThat(viaFile.get("arn").asString()).isEqualTo(appRoleSessionArn(workload));

		assertThat(world.assumeRoleCalls(workload)).as("every client was served from the cache").hasSize(1);
	}

	@Test
	void botocoreWithAnUnknownTokenFindsNoCredentials() {
		var result = ExternalClients.botocore(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(),
				"AWS_CONTAINER_AUTHORIZATION_TOKEN", "cbw_not-a-token"));
		assertThat(result.exitCode()).as(result.toString()).isNotZero();
	}

	@Test
	void awsCliWithOnlyTheContainerVariables() {
		String workload = world.newWorkloadName("cli");
		String token = world.createAppWorkload(workload);

		var cli = ExternalClients.awsCli(
				Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", token), "sts",
				"get-caller-identity", "--endpoint-url", world.moto().endpoint().toString(), "--region",
				world.moto().region(), "--output", "json");

		assertThat(cli.exitCode()).as(cli.toString()).isZero();
		assertThat(JSON.readTree(cli.stdout()).get("Arn").asString()).isEqualTo(appRoleSessionArn(workload));
	}

	@Test
	void successAnswerKeepsTheWireContractAndTheSecondRequestIsACacheHit() {
		String workload = world.newWorkloadName("raw");
		String token = world.createAppWorkload(workload);

		long started = System.nanoTime();
		HttpResponse<String> first = world.rawCredentials(token);
		Duration firstLatency = Duration.ofNanos(System.nanoTime() - started);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(first.headers().allValues("Content-Type")).containsExactly("application/json");
		assertThat(first.headers().allValues("Cache-Control")).containsExactly("no-store");
		assertThat(first.headers().allValues("Date")).singleElement()
			.satisfies((date) -> assertThat(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(date))
				.isNotNull());
		JsonNode body = JSON.readTree(first.body());
		List<String> keys = new ArrayList<>();
		body.propertyNames().forEach(keys::add);
		assertThat(keys).containsExactly("AccessKeyId", "SecretAccessKey", "Token", "Expiration", "AccountId",
				"RoleArn");
		for (Iterator<JsonNode> values = body.values().iterator(); values.hasNext();) {
			assertThat(values.next().isString()).isTrue();
		}
		assertThat(body.get("AccessKeyId").asString()).startsWith("ASIA");
		assertThat(body.get("AccountId").asString()).isEqualTo("123456789012");
		assertThat(body.get("RoleArn").asString()).isEqualTo(world.iam().appRoleArn());
		String expiration = body.get("Expiration").asString();
		assertThat(expiration).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(Instant.parse(expiration)).isAfterOrEqualTo(Instant.now().plus(Duration.ofMinutes(20)));
		assertThat(body.has("Code")).isFalse();

		List<Duration> cachedLatencies = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			started = System.nanoTime();
			HttpResponse<String> again = world.rawCredentials(token);
			cachedLatencies.add(Duration.ofNanos(System.nanoTime() - started));
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(again.body()).isEqualTo(first.body());
		}
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
		cachedLatencies.sort(null);
		log.info("first issuance answered in {} ms; cached answers: median {} ms, max {} ms", firstLatency.toMillis(),
				cachedLatencies.get(25).toNanos() / 1e6, cachedLatencies.get(49).toNanos() / 1e6);
	}

	@Test
	void unauthorizedAnswersCarryBothCasings() {
		for (String token : new String[] { null, "", "cbw_unknown-token" }) {
			HttpResponse<String> response = world.rawCredentials(token);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().allValues("Content-Type")).containsExactly("application/json");
			assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
			assertThat(response.headers().allValues("Date")).hasSize(1);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.get("code").asString()).isEqualTo("Unauthorized");
			assertThat(body.get("Code").asString()).isEqualTo("Unauthorized");
			assertThat(body.get("message").asString()).isNotBlank().isEqualTo(body.get("Message").asString());
			assertThat(body.has("AccessKeyId")).isFalse();
		}
		assertThat(world.proxy().count("AssumeRole")).isZero();
	}

	@Test
	void aDisabledWorkloadIs403AndADeletedOnesTokenStopsAtOnce() {
		String workload = world.newWorkloadName("lifecycle");
		String token = world.createAppWorkload(workload);
		assertThat(world.rawCredentials(token).statusCode()).isEqualTo(200);

		assertThat(world.broker()
			.admin()
			.put("/admin/v1/workloads/" + workload, world.assumeAppRole(",\"enabled\":false"))
			.status()).isEqualTo(200);
		HttpResponse<String> disabled = world.rawCredentials(token);
		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(403);
		assertThat(JSON.readTree(disabled.body()).get("Code").asString()).isEqualTo("WorkloadDisabled");
		assertThat(disabled.body()).doesNotContain("AccessKeyId");

		assertThat(world.broker().admin().delete("/admin/v1/workloads/" + workload).status()).isEqualTo(204);
		assertThat(world.rawCredentials(token).statusCode()).isEqualTo(401);
	}

	@Test
	void onlyGetIsAllowed() throws Exception {
		String token = world.createAppWorkload(world.newWorkloadName("post"));
		HttpResponse<String> post = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(world.broker().credentialsUri())
				.header("Authorization", token)
				.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET");
		assertThat(JSON.readTree(post.body()).get("code").asString()).isEqualTo("MethodNotAllowed");
	}

	@Test
	void nearbyPathsAnswerJsonNeverHtml() {
		String token = world.createAppWorkload(world.newWorkloadName("paths"));
		for (String path : new String[] { "/v1/credentials/", "/v1/credentials/extra", "/v1/credential",
				"/latest/meta-data/iam/security-credentials/" }) {
			HttpJson.Response response = world.broker().client(token).get(path);
			assertThat(response.status()).as(path).isBetween(400, 499);
			assertThat(response.header("Content-Type")).as(path).containsIgnoringCase("json");
			assertThat(response.body()).as(path).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
		}
	}

	@Test
	void theAdminTokenIsNotAWorkloadToken() {
		assertThat(world.rawCredentials(BrokerApp.ADMIN_TOKEN).statusCode()).isEqualTo(401);
		assertThat(world.rawCredentials("Bearer " + BrokerApp.ADMIN_TOKEN).statusCode()).isEqualTo(401);
	}

	private static JsonNode botocore(Map<String, String> env, String... args) {
		ExternalClients.Result result = ExternalClients.botocore(env, args);
		assertThat(result.exitCode()).as(result.toString()).isZero();
		return JSON.readTree(result.lastLine());
	}

	private static String uri() {
		return world.broker().credentialsUri().toString();
	}

	private static String appRoleSessionArn(String workload) {
		return "arn:aws:sts::123456789012:assumed-role/app/credbroker-" + workload;
	}

}
