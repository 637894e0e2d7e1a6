package dev.credbroker.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.FreePorts;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.JavascriptSdk;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.StsProxy;

/**
 * The IMDSv2 listeners end to end, against moto with IAM auth: real EC2-style clients
 * (botocore, the AWS CLI, the Java SDK v2, the JavaScript SDK v3) pointed at a listener
 * with {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} and nothing else; the IMDSv2 rules as
 * EC2 applies them; listeners bound to different workloads kept apart.
 */
class ImdsIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CREDENTIALS = "/latest/meta-data/iam/security-credentials/";

	static BrokerApp broker;

	static BrokerScenario scenario;

	/** Serves workload {@code app} (assume-role into moto's role {@code app}). */
	static int appPort;

	/** Serves workload {@code plain} (session-token: no role). */
	static int plainPort;

	/** Serves workload {@code later}, which does not exist at start-up. */
	static int laterPort;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		appPort = FreePorts.pick();
		plainPort = FreePorts.pick();
		laterPort = FreePorts.pick();
		broker = BrokerScenario.broker(dataDir, moto.endpoint())
			.property("credbroker.imds.listeners[0].port", appPort)
			.property("credbroker.imds.listeners[0].workload", "app")
			.property("credbroker.imds.listeners[1].port", plainPort)
			.property("credbroker.imds.listeners[1].workload", "plain")
			.property("credbroker.imds.listeners[2].port", laterPort)
			.property("credbroker.imds.listeners[2].workload", "later")
			.start();
		scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
		scenario.assumeRole("app", "main", moto.iam().appRoleArn());
		scenario.workload("plain", "{\"source\":\"main\",\"type\":\"session-token\",\"durationSeconds\":3600}");
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void botocoreAndTheAwsCliUseTheListenerAsAnInstanceProfile() throws Exception {
		Map<String, String> env = imdsEnv(appPort);
		ExternalClients.Result botocore = ExternalClients.botocore(env, "--caller-identity",
				moto.endpoint().toString());
		assertThat(botocore.exitCode()).as(botocore.toString()).isZero();
		JsonNode loaded = JSON.readTree(botocore.lastLine());
		assertThat(loaded.get("method").asString()).isEqualTo("iam-role");
		assertThat(loaded.get("token_present").asBoolean()).isTrue();
		assertThat(loaded.get("arn").asString()).contains(":assumed-role/app/");

		ExternalClients.Result cli = ExternalClients.awsCli(env, "sts", "get-caller-identity", "--endpoint-url",
				moto.endpoint().toString(), "--region", "us-east-1", "--output", "json");
		assertThat(cli.exitCode()).as(cli.toString()).isZero();
		assertThat(JSON.readTree(cli.stdout()).get("Arn").asString()).contains(":assumed-role/app/");
	}

	@Test
	void theJavaSdkInstanceProfileProviderLoadsTheWorkloadsCredentials() {
		try (InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.builder()
			.endpoint("http://127.0.0.1:" + appPort)
			.build();
				StsClient sts = StsClient.builder()
					.endpointOverride(moto.endpoint())
					.region(Region.US_EAST_1)
					.credentialsProvider(provider)
					.build()) {
			AwsCredentials credentials = provider.resolveCredentials();
			assertThat(credentials.accessKeyId())
				.isEqualTo(credentialsOn(appPort, "app").get("AccessKeyId").asString());
			assertThat(sts.getCallerIdentity().arn()).contains(":assumed-role/app/");
		}
	}

	@Test
	void theJavascriptSdkLoadsTheWorkloadsCredentials() {
		JavascriptSdk.installedOrSkip();
		ExternalClients.Result result = ExternalClients.javascriptSdk(imdsEnv(appPort));
		assertThat(result.exitCode()).as(result.toString()).isZero();
		JsonNode loaded = JSON.readTree(result.lastLine());
		assertThat(loaded.get("accessKeyId").asString())
			.isEqualTo(credentialsOn(appPort, "app").get("AccessKeyId").asString());
		assertThat(loaded.get("sessionToken").asBoolean()).isTrue();
	}

	@Test
	void theCredentialsDocumentIsEc2s() {
		String token = token(appPort, "21600");
		Response listing = get(appPort, CREDENTIALS, token);
		assertThat(listing.status()).isEqualTo(200);
		assertThat(listing.body()).isEqualTo("app");
		JsonNode document = credentialsOn(appPort, "app");
		assertThat(document.get("Code").asString()).isEqualTo("Success");
		assertThat(document.get("Type").asString()).isEqualTo("AWS-HMAC");
		assertThat(document.get("SecretAccessKey").asString()).isNotBlank();
		assertThat(document.get("Token").asString()).isNotBlank();
		assertThat(document.get("LastUpdated").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(document.get("Expiration").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(Instant.parse(document.get("Expiration").asString()))
			.isAfter(Instant.now().plus(Duration.ofMinutes(20)));
		assertThat(get(appPort, CREDENTIALS + "other", token).status()).isEqualTo(404);
		assertThat(get(appPort, CREDENTIALS + "app/x", token).status()).isEqualTo(404);
	}

	@Test
	void theRegionIdentityAndListingsAreAnswered() {
		String token = token(appPort, "60");
		assertThat(get(appPort, "/latest/meta-data/placement/region", token).body()).isEqualTo("us-east-1");
		JsonNode identity = JSON.readTree(get(appPort, "/latest/dynamic/instance-identity/document", token).body());
		assertThat(identity.get("region").asString()).isEqualTo("us-east-1");
		assertThat(identity.get("accountId").asString()).isEqualTo(moto.iam().accountId());
		JsonNode info = JSON.readTree(get(appPort, "/latest/meta-data/iam/info", token).body());
		assertThat(info.get("Code").asString()).isEqualTo("Success");
		assertThat(info.get("InstanceProfileArn").asString())
			.isEqualTo("arn:aws:iam::" + moto.iam().accountId() + ":instance-profile/app");
		assertThat(info.get("InstanceProfileId").asString()).startsWith("AIPA");
		assertThat(get(appPort, "/latest/meta-data/", token).body().lines()).contains("iam/", "placement/");
		assertThat(get(appPort, "/latest/meta-data/iam/", token).body().lines()).contains("info",
				"security-credentials/");
	}

	@Test
	void theTokenTtlMustBeFromOneSecondToSixHours() {
		for (String bad : new String[] { null, "", "0", "21601", "-1", "abc", "1.5", "9999999" }) {
			assertThat(put(appPort, bad, Map.of()).status()).as("TTL %s", bad).isEqualTo(400);
		}
		for (String good : new String[] { "1", "21600" }) {
			Response response = put(appPort, good, Map.of());
			assertThat(response.status()).as("TTL %s", good).isEqualTo(200);
			assertThat(response.header("X-aws-ec2-metadata-token-ttl-seconds")).isEqualTo(good);
			assertThat(response.body()).hasSizeGreaterThanOrEqualTo(40);
		}
		assertThat(token(appPort, "60")).isNotEqualTo(token(appPort, "60"));
	}

	@Test
	void aTokenExpiresAtItsTtl() {
		String token = token(appPort, "1");
		assertThat(get(appPort, CREDENTIALS, token).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(appPort, CREDENTIALS, token).status() == 401);
	}

	@Test
	void aTokenRequestThroughAProxyIsRefused() {
		assertThat(put(appPort, "60", Map.of("X-Forwarded-For", "203.0.113.7")).status()).isEqualTo(403);
	}

	@Test
	void theTokenPathTakesOnlyPut() {
		Response response = get(appPort, "/latest/api/token", null);
		assertThat(response.status()).isEqualTo(405);
	}

	@Test
	void imdsV1IsRefusedByDefaultAndAnUnknownTokenToo() {
		assertThat(get(appPort, CREDENTIALS, null).status()).isEqualTo(401);
		assertThat(get(appPort, CREDENTIALS + "app", null).status()).isEqualTo(401);
		assertThat(get(appPort, CREDENTIALS, "AQAEAunknowntoken").status()).isEqualTo(401);
		// A token is good on the listener that issued it only.
		assertThat(get(plainPort, CREDENTIALS, token(appPort, "60")).status()).isEqualTo(401);
	}

	@Test
	void imdsV1IsAnsweredWhenEnabled(@TempDir Path dataDir) throws Exception {
		int port = FreePorts.pick();
		try (BrokerApp v1 = BrokerScenario.broker(dataDir, moto.endpoint())
			.property("credbroker.imds.listeners[0].port", port)
			.property("credbroker.imds.listeners[0].workload", "app")
			.property("credbroker.imds.v1-enabled", true)
			.start()) {
			BrokerScenario steps = new BrokerScenario(v1);
			steps.staticSource("main", moto.iam().broker());
			steps.assumeRole("app", "main", moto.iam().appRoleArn());
			assertThat(get(port, CREDENTIALS, null).body()).isEqualTo("app");
			Response credentials = get(port, CREDENTIALS + "app", null);
			assertThat(credentials.status()).as(credentials.toString()).isEqualTo(200);
			// A token, when sent, must still be live.
			assertThat(get(port, CREDENTIALS, "unknown").status()).isEqualTo(401);
		}
	}

	@Test
	void throughAnStsOutageCachedCredentialsAreServedAndAMissIsARetryable503(@TempDir Path dataDir) throws Exception {
		int cachedPort = FreePorts.pick();
		int coldPort = FreePorts.pick();
		try (StsProxy proxy = StsProxy.to(moto.endpoint());
				BrokerApp outage = BrokerApp.on(dataDir)
					.stsEndpoint(proxy.endpoint())
					.property("credbroker.endpoint.deadline", "2s")
					.property("credbroker.imds.listeners[0].port", cachedPort)
					.property("credbroker.imds.listeners[0].workload", "cached")
					.property("credbroker.imds.listeners[1].port", coldPort)
					.property("credbroker.imds.listeners[1].workload", "cold")
					.start()) {
			BrokerScenario steps = new BrokerScenario(outage);
			steps.staticSource("main", moto.iam().broker());
			steps.assumeRole("cached", "main", moto.iam().appRoleArn());
			steps.assumeRole("cold", "main", moto.iam().appRoleArn());
			String before = credentialsOn(cachedPort, "app").get("AccessKeyId").asString();

			proxy.goDown();

			assertThat(credentialsOn(cachedPort, "app").get("AccessKeyId").asString()).isEqualTo(before);
			Response refused = get(coldPort, CREDENTIALS + "app", token(coldPort, "60"));
			assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
			assertThat(refused.header("Retry-After")).isNotNull();
			String coldToken = token(coldPort, "60");
			assertThat(get(coldPort, "/latest/meta-data/placement/region", coldToken).body()).isEqualTo("us-east-1");
			assertThat(JSON.readTree(get(coldPort, "/latest/dynamic/instance-identity/document", coldToken).body())
				.get("region")
				.asString()).isEqualTo("us-east-1");

			proxy.comeBack();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> get(coldPort, CREDENTIALS + "app", token(coldPort, "60")).status() == 200);
		}
	}

	@Test
	void twoListenersNeverServeEachOthersCredentials() {
		String plainToken = token(plainPort, "60");
		assertThat(get(plainPort, CREDENTIALS, plainToken).body()).isEqualTo("plain");
		JsonNode plain = credentialsOn(plainPort, "plain");
		JsonNode app = credentialsOn(appPort, "app");
		assertThat(plain.get("AccessKeyId").asString()).isNotEqualTo(app.get("AccessKeyId").asString());
		assertThat(get(plainPort, CREDENTIALS + "app", plainToken).status()).isEqualTo(404);
		assertThat(get(appPort, CREDENTIALS + "plain", token(appPort, "60")).status()).isEqualTo(404);
	}

	@Test
	void aListenerServesItsWorkloadOnceCreatedAndStopsWhenDisabledOrDeleted() {
		String token = token(laterPort, "600");
		assertThat(get(laterPort, CREDENTIALS, token).status()).isEqualTo(404);
		scenario.assumeRole("later", "main", moto.iam().appRoleArn());
		assertThat(get(laterPort, CREDENTIALS, token).body()).isEqualTo("app");
		assertThat(get(laterPort, CREDENTIALS + "app", token).status()).isEqualTo(200);

		assertThat(scenario
			.adminPut("/admin/v1/workloads/later",
					"{\"source\":\"main\",\"type\":\"assume-role\",\"roleArn\":\"%s\",\"enabled\":false}"
						.formatted(moto.iam().appRoleArn()))
			.status()).isEqualTo(200);
		assertThat(get(laterPort, CREDENTIALS, token).status()).isEqualTo(404);
		assertThat(get(laterPort, CREDENTIALS + "app", token).status()).isEqualTo(404);

		assertThat(broker.admin().delete("/admin/v1/workloads/later").status()).isEqualTo(204);
		assertThat(get(laterPort, CREDENTIALS + "app", token).status()).isEqualTo(404);
	}

	@Test
	void nothingElseOfTheBrokerIsReachableOnAListenerAndNoImdsPathOnTheMainPort() {
		String token = token(appPort, "60");
		for (String path : new String[] { "/actuator/health", "/admin/v1/workloads", "/v1/credentials", "/" + "x" }) {
			assertThat(get(appPort, path, token).status()).as(path).isEqualTo(404);
		}
		HttpJson main = broker.client(null);
		assertThat(main.put("/latest/api/token", "").status()).isNotEqualTo(200);
		assertThat(main.get(CREDENTIALS).status()).isNotEqualTo(200);
	}

	@Test
	void aRequestAddressedByAnUnlistedNameIsRefused() {
		Response response = send(appPort,
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + CREDENTIALS))
					.header("Host", "rebound.example")
					.header("X-aws-ec2-metadata-token", token(appPort, "60"))
					.GET());
		assertThat(response.status()).isEqualTo(421);
	}

	@Test
	void requestsAreCountedAndServingIsAudited() {
		credentialsOn(appPort, "app");
		assertThat(scenario.prometheus().value("credbroker_imds_requests_total", "outcome", "credentials"))
			.isGreaterThanOrEqualTo(1.0);
		JsonNode events = scenario.adminGet("/admin/v1/audit?workload=app").json();
		assertThat(events.valueStream()
			.filter((event) -> "serve".equals(event.path("action").asString()))
			.map((event) -> event.path("detail").asString())).anyMatch((detail) -> detail.contains("channel imds"));
	}

	private static Map<String, String> imdsEnv(int port) {
		Map<String, String> env = new HashMap<>();
		env.put("AWS_EC2_METADATA_DISABLED", "false");
		env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + port);
		return env;
	}

	private static JsonNode credentialsOn(int port, String role) {
		Response response = get(port, CREDENTIALS + role, token(port, "60"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static String token(int port, String ttl) {
		Response response = put(port, ttl, Map.of());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.body();
	}

	private static Response put(int port, String ttl, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/latest/api/token"))
			.PUT(HttpRequest.BodyPublishers.noBody());
		if (ttl != null) {
			request.header("X-aws-ec2-metadata-token-ttl-seconds", ttl);
		}
		headers.forEach(request::header);
		return send(port, request);
	}

	private static Response get(int port, String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
		if (token != null) {
			request.header("X-aws-ec2-metadata-token", token);
		}
		return send(port, request);
	}

	private static Response send(int port, HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
