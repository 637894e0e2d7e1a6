package dev.credbroker.admin;

import static dev.credbroker.testsupport.AdminBodies.MASKED_ACCESS_KEY_ID;
import static dev.credbroker.testsupport.AdminBodies.SECRET_ACCESS_KEY;
import static dev.credbroker.testsupport.AdminBodies.assumeRole;
import static dev.credbroker.testsupport.AdminBodies.defaultChainSource;
import static dev.credbroker.testsupport.AdminBodies.federationToken;
import static dev.credbroker.testsupport.AdminBodies.profileSource;
import static dev.credbroker.testsupport.AdminBodies.sessionToken;
import static dev.credbroker.testsupport.AdminBodies.staticSource;
import static dev.credbroker.testsupport.AdminBodies.staticSourceWithMfa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.JsonBody;

/**
 * The admin API end to end over HTTP: sources and workloads of every type, tokens, auth,
 * error shapes, limits. STS is pointed at a closed port, so an accepted workload token
 * shows as 503 UpstreamUnavailable and an unknown one as 401.
 */
class AdminApiIT {

	private static final AtomicInteger names = new AtomicInteger();

	private static BrokerApp broker;

	private static HttpJson admin;

	private static AdminSteps steps;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir).unreachableSts().start();
		admin = broker.admin();
		steps = new AdminSteps(broker);
	}

	@AfterAll
	static void stop() {
		broker.close();
	}

	/** Every test works on its own names, so tests do not depend on each other's rows. */
	private static String unique(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	@Test
	void staticSourceIsCreatedReplacedListedShownAndDeletedWithoutEverShowingTheSecret() {
		String name = unique("static");
		Response created = admin.put("/admin/v1/sources/" + name, staticSourceWithMfa().toString());
		assertThat(created.status()).isEqualTo(201);
		assertNoSecret(created);
		JsonNode view = created.json();
		assertThat(view.get("name").asString()).isEqualTo(name);
		assertThat(view.get("type").asString()).isEqualTo("static");
		assertThat(view.get("accessKeyId").asString()).isEqualTo(MASKED_ACCESS_KEY_ID);
		assertThat(view.get("mfaSerial").asString()).isEqualTo(AdminBodies.MFA_SERIAL);
		assertThat(view.get("region").asString()).isEqualTo("eu-west-1");
		assertThat(view.get("mfaSession").get("active").asBoolean()).isFalse();
		assertThat(view.has("secretAccessKey")).isFalse();

		Response replaced = admin.put("/admin/v1/sources/" + name, staticSource().toString());
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("version").asLong()).isEqualTo(view.get("version").asLong() + 1);
		assertThat(replaced.json().has("mfaSerial")).isFalse();

		Response shown = admin.get("/admin/v1/sources/" + name);
		assertThat(shown.status()).isEqualTo(200);
		assertNoSecret(shown);
		assertThat(shown.json().get("accessKeyId").asString()).isEqualTo(MASKED_ACCESS_KEY_ID);
		assertThat(shown.json().has("mfaSerial")).isFalse();

		Response list = admin.get("/admin/v1/sources");
		assertThat(list.status()).isEqualTo(200);
		assertNoSecret(list);
		assertThat(namesIn(list)).contains(name);

		assertThat(admin.delete("/admin/v1/sources/" + name).status()).isEqualTo(204);
		assertThat(admin.get("/admin/v1/sources/" + name).status()).isEqualTo(404);
		assertThat(namesIn(admin.get("/admin/v1/sources"))).doesNotContain(name);
	}

	@Test
	void defaultChainAndProfileSourcesAreCreatedReplacedAndDeleted() {
		String chain = unique("chain");
		String profile = unique("profile");
		assertThat(admin.put("/admin/v1/sources/" + chain, defaultChainSource().toString()).status()).isEqualTo(201);
		assertThat(admin.put("/admin/v1/sources/" + profile, profileSource("ops").toString()).status()).isEqualTo(201);
		assertThat(admin.get("/admin/v1/sources/" + chain).json().get("type").asString()).isEqualTo("default-chain");
		JsonNode shownProfile = admin.get("/admin/v1/sources/" + profile).json();
		assertThat(shownProfile.get("type").asString()).isEqualTo("profile");
		assertThat(shownProfile.get("profile").asString()).isEqualTo("ops");

		Response replaced = admin.put("/admin/v1/sources/" + profile, profileSource("dev").toString());
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("profile").asString()).isEqualTo("dev");
		assertThat(admin.put("/admin/v1/sources/" + chain, defaultChainSource().toString()).status()).isEqualTo(200);

		assertThat(namesIn(admin.get("/admin/v1/sources"))).contains(chain, profile);
		assertThat(admin.delete("/admin/v1/sources/" + chain).status()).isEqualTo(204);
		assertThat(admin.delete("/admin/v1/sources/" + profile).status()).isEqualTo(204);
		assertThat(admin.get("/admin/v1/sources/" + profile).status()).isEqualTo(404);
	}

	@Test
	void workloadCreateShowsTokenAndEnvOnceAndNeverAgain() {
		String source = newStaticSource();
		String name = unique("wl");
		Response created = admin.put("/admin/v1/workloads/" + name, assumeRole(source).toString());
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String token = body.get("token").asString();
		assertThat(token).startsWith("cbw_").matches("[A-Za-z0-9_-]+");
		assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
		assertThat(body.get("env").propertyNames()).containsExactlyInAnyOrder("AWS_CONTAINER_CREDENTIALS_FULL_URI",
				"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION");
		assertThat(body.get("env").get("AWS_REGION").asString()).as("no source region: credbroker.sts.region")
			.isEqualTo("us-east-1");
		assertThat(body.get("env").get("AWS_DEFAULT_REGION").asString()).isEqualTo("us-east-1");
		assertThat(body.get("notes").valueStream().map(JsonNode::asString))
			.anySatisfy((note) -> assertThat(note).contains("AWS_ACCESS_KEY_ID", "AWS_PROFILE"));
		assertThat(body.get("env").get("AWS_CONTAINER_CREDENTIALS_FULL_URI").asString())
			.isEqualTo(broker.credentialsUri().toString())
			.endsWith("/v1/credentials");
		assertThat(body.get("env").get("AWS_CONTAINER_AUTHORIZATION_TOKEN").asString()).isEqualTo(token);
		assertThat(body.get("name").asString()).isEqualTo(name);
		assertThat(body.get("roleArn").asString()).isEqualTo(AdminBodies.ROLE_ARN);

		Response shown = admin.get("/admin/v1/workloads/" + name);
		assertThat(shown.status()).isEqualTo(200);
		assertNoToken(shown, token);
		assertThat(shown.json().get("source").asString()).isEqualTo(source);
		assertThat(shown.json().get("type").asString()).isEqualTo("assume-role");
		assertThat(shown.json().get("durationSeconds").asInt()).isEqualTo(3600);
		assertThat(shown.json().get("enabled").asBoolean()).isTrue();
		Response list = admin.get("/admin/v1/workloads");
		assertNoToken(list, token);
		assertThat(namesIn(list)).contains(name);
		ContainerEndpoint.assertAccepted(broker, token);
	}

	@Test
	void workloadsOfEveryRecipeTypeAreCreatedReplacedAndDeleted() {
		String source = newStaticSource();
		for (JsonBody recipe : List.of(assumeRole(source), sessionToken(source), federationToken(source))) {
			String name = unique("wl");
			String type = JsonBody.parse(recipe.toString()).get("type").asString();
			String token = steps.createWorkload(name, recipe);
			JsonNode shown = admin.get("/admin/v1/workloads/" + name).json();
			assertThat(shown.get("type").asString()).isEqualTo(type);

			Response replaced = admin.put("/admin/v1/workloads/" + name,
					recipe.with("durationSeconds", 7200).toString());
			assertThat(replaced.status()).as(type).isEqualTo(200);
			assertNoToken(replaced, token);
			assertThat(replaced.json().get("durationSeconds").asInt()).isEqualTo(7200);
			assertThat(replaced.json().get("version").asLong()).isEqualTo(shown.get("version").asLong() + 1);
			ContainerEndpoint.assertAccepted(broker, token);

			assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
			assertThat(admin.get("/admin/v1/workloads/" + name).status()).isEqualTo(404);
		}
	}

	@Test
	void replacingASourceInAWayItsWorkloadsCannotUseIsRefusedNamingThem() {
		String source = newStaticSource();
		String federated = unique("fed");
		String longRole = unique("long");
		assertThat(admin.put("/admin/v1/workloads/" + federated, federationToken(source).toString()).status())
			.isEqualTo(201);
		assertThat(admin
			.put("/admin/v1/workloads/" + longRole, assumeRole(source).with("durationSeconds", 7200).toString())
			.status()).isEqualTo(201);

		Response refused = admin.put("/admin/v1/sources/" + source, staticSourceWithMfa().toString());

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("detail").asString()).contains("workload " + federated)
			.contains("workload " + longRole)
			.contains("one hour");
		assertThat(admin.get("/admin/v1/sources/" + source).json().has("mfaSerial")).as("source left as it was")
			.isFalse();
	}

	@Test
	void credentialsUrlNamesTheLoopbackAddressWhenTheAdminUsedLocalhost() throws Exception {
		String source = newStaticSource();
		var request = java.net.http.HttpRequest
			.newBuilder(
					java.net.URI.create("http://localhost:" + broker.port() + "/admin/v1/workloads/" + unique("lh")))
			.header("Authorization", "Bearer " + BrokerApp.ADMIN_TOKEN)
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(assumeRole(source).toString()))
			.build();
		var response = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(JsonBody.parse(response.body()).get("env").get("AWS_CONTAINER_CREDENTIALS_FULL_URI").asString())
			.as("some SDK versions accept plain http only for 127.0.0.1")
			.isEqualTo("http://127.0.0.1:" + broker.port() + "/v1/credentials");
	}

	@Test
	void sessionPolicyIsStoredAndShownAsAJsonObject() {
		String source = newStaticSource();
		String name = unique("wl");
		steps.createWorkload(name,
				assumeRole(source).with("sessionPolicy", AdminBodies.SESSION_POLICY)
					.with("policyArns", List.of(AdminBodies.POLICY_ARN))
					.with("sessionTags", Map.of("team", "data"))
					.with("externalId", "ext-123"));
		JsonNode shown = admin.get("/admin/v1/workloads/" + name).json();
		assertThat(shown.get("sessionPolicy")).isEqualTo(JsonBody.tree(AdminBodies.SESSION_POLICY));
		assertThat(shown.get("policyArns").get(0).asString()).isEqualTo(AdminBodies.POLICY_ARN);
		assertThat(shown.get("sessionTags").get("team").asString()).isEqualTo("data");
		assertThat(shown.get("externalId").asString()).isEqualTo("ext-123");
	}

	@Test
	void unknownWorkloadTokenIsUnauthorizedWithBothCasings() {
		ContainerEndpoint.assertUnauthorized(broker, "cbw_" + "A".repeat(43));
		ContainerEndpoint.assertUnauthorized(broker, null);
	}

	@Test
	void deletingAWorkloadRevokesItsTokenAtOnce() {
		String name = unique("wl");
		String token = steps.createSourceAndWorkload(unique("src"), name);
		ContainerEndpoint.assertAccepted(broker, token);
		assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
		ContainerEndpoint.assertUnauthorized(broker, token);
	}

	@Test
	void disabledWorkloadIsForbidden() {
		String source = newStaticSource();
		String name = unique("wl");
		String token = steps.createWorkload(name, assumeRole(source).with("enabled", false));
		Response response = ContainerEndpoint.call(broker, token);
		assertThat(response.status()).isEqualTo(403);
		ContainerEndpoint.assertError(response, "WorkloadDisabled");

		steps.putWorkload(name, assumeRole(source).with("enabled", true));
		ContainerEndpoint.assertAccepted(broker, token);
	}

	@Test
	void sourceInUseCannotBeDeleted() {
		String source = newStaticSource();
		String name = unique("wl");
		steps.createWorkload(name, sessionToken(source));
		Response conflict = admin.delete("/admin/v1/sources/" + source);
		assertThat(conflict.status()).isEqualTo(409);
		assertProblem(conflict);
		assertThat(conflict.json().get("detail").asString()).contains(name);
		assertThat(admin.get("/admin/v1/sources/" + source).status()).isEqualTo(200);

		assertThat(admin.delete("/admin/v1/workloads/" + name).status()).isEqualTo(204);
		assertThat(admin.delete("/admin/v1/sources/" + source).status()).isEqualTo(204);
	}

	@Test
	void unknownNamesAreNotFound() {
		for (Response response : List.of(admin.get("/admin/v1/sources/nope"), admin.delete("/admin/v1/sources/nope"),
				admin.get("/admin/v1/workloads/nope"), admin.delete("/admin/v1/workloads/nope"),
				admin.post("/admin/v1/workloads/nope/token", null))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertProblem(response);
		}
		assertProblem(admin.get("/admin/v1/no-such-collection"));
		Response wrongMethod = admin.post("/admin/v1/sources/nope", "{}");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertProblem(wrongMethod);
	}

	@Test
	void workloadEnvCarriesTheRegionOfItsSource() {
		String source = unique("src");
		steps.putSource(source, staticSourceWithMfa());
		String name = unique("wl");
		Response created = admin.put("/admin/v1/workloads/" + name, assumeRole(source).toString());
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("env").get("AWS_REGION").asString()).isEqualTo("eu-west-1");
		assertThat(created.json().get("env").get("AWS_DEFAULT_REGION").asString()).isEqualTo("eu-west-1");
		Response rotated = admin.post("/admin/v1/workloads/" + name + "/token", null);
		assertThat(rotated.json().get("env").get("AWS_REGION").asString()).isEqualTo("eu-west-1");
	}

	@Test
	void rotatedTokenReplacesTheOldOneWhichKeepsWorkingDuringTheGracePeriod() {
		String source = unique("src");
		String name = unique("wl");
		String old = steps.createSourceAndWorkload(source, name);
		Response rotated = admin.post("/admin/v1/workloads/" + name + "/token", null);
		assertThat(rotated.status()).isEqualTo(201);
		String fresh = rotated.json().get("token").asString();
		assertThat(fresh).startsWith("cbw_").isNotEqualTo(old);
		assertThat(rotated.json().get("env").get("AWS_CONTAINER_AUTHORIZATION_TOKEN").asString()).isEqualTo(fresh);
		assertThat(rotated.json().get("previousTokenValidUntil")).isNotNull();

		ContainerEndpoint.assertAccepted(broker, fresh);
		ContainerEndpoint.assertAccepted(broker, old);
		assertNoToken(admin.get("/admin/v1/workloads/" + name), fresh);
	}

	/**
	 * A retried rotation whose first answer was lost, or two operators rotating at once,
	 * must not cut off the workloads still on the original token.
	 */
	@Test
	void everyRotatedOutTokenKeepsItsOwnGraceAndRotationStopsAtTheBound() {
		String name = unique("wl");
		List<String> tokens = new ArrayList<>(List.of(steps.createSourceAndWorkload(unique("src"), name)));
		for (int i = 1; i <= 3; i++) {
			Response rotated = admin.post("/admin/v1/workloads/" + name + "/token", null);
			assertThat(rotated.status()).as("rotation %d: %s", i, rotated).isEqualTo(201);
			tokens.add(rotated.json().get("token").asString());
			tokens.forEach((token) -> ContainerEndpoint.assertAccepted(broker, token));
		}
		List<String> graceEnds = new ArrayList<>();
		admin.get("/admin/v1/workloads/" + name)
			.json()
			.get("tokensInGraceUntil")
			.forEach((end) -> graceEnds.add(end.asString()));

		Response refused = admin.post("/admin/v1/workloads/" + name + "/token", null);

		assertThat(graceEnds).hasSize(3).doesNotHaveDuplicates().isSorted();
		assertThat(refused.status()).as("%s", refused).isEqualTo(409);
		assertProblem(refused);
		assertThat(refused.json().get("detail").asString()).contains("3 rotated-out tokens", graceEnds.get(0));
		tokens.forEach((token) -> ContainerEndpoint.assertAccepted(broker, token));
	}

	@Test
	void rotatedOutTokenStopsWorkingAfterTheGracePeriod(@TempDir Path dataDir) {
		Duration grace = Duration.ofSeconds(2);
		try (BrokerApp shortGrace = BrokerApp.on(dataDir)
			.unreachableSts()
			.property("credbroker.workloads.token-grace", grace.toSeconds() + "s")
			.property("credbroker.public-url", "https://broker.example:8443/")
			.start()) {
			String old = new AdminSteps(shortGrace).createSourceAndWorkload("main", "app");
			Instant beforeRotation = Instant.now();
			Response rotated = shortGrace.admin().post("/admin/v1/workloads/app/token", null);
			assertThat(rotated.status()).isEqualTo(201);
			String fresh = rotated.json().get("token").asString();
			assertThat(rotated.json().get("env").get("AWS_CONTAINER_CREDENTIALS_FULL_URI").asString())
				.as("the URL comes from credbroker.public-url when set")
				.isEqualTo("https://broker.example:8443/v1/credentials");

			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> ContainerEndpoint.isUnauthorized(shortGrace, old));
			assertThat(Instant.now()).as("the old token must not stop before its grace period ends")
				.isAfterOrEqualTo(beforeRotation.plus(grace));
			ContainerEndpoint.assertUnauthorized(shortGrace, old);
			ContainerEndpoint.assertAccepted(shortGrace, fresh);
		}
	}

	@Test
	void adminApiNeedsTheAdminToken() {
		String token = steps.createSourceAndWorkload(unique("src"), unique("wl"));
		for (String authorization : List.of("Bearer wrong-token", "Bearer " + token, token, BrokerApp.ADMIN_TOKEN,
				"Basic " + Base64.getEncoder().encodeToString(("admin:" + BrokerApp.ADMIN_TOKEN).getBytes()))) {
			Response response = broker.client(authorization).get("/admin/v1/sources");
			assertThat(response.status()).as(authorization).isEqualTo(401);
			assertProblem(response);
			assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		}
		Response anonymous = broker.client(null).put("/admin/v1/sources/sneaky", staticSource().toString());
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(admin.get("/admin/v1/sources/sneaky").status()).isEqualTo(404);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void wrongAdminTokensEngageABrakeThatNeverRefusesTheRightToken(@TempDir Path dataDir, CapturedOutput output) {
		try (BrokerApp braked = BrokerApp.on(dataDir)
			.property("credbroker.admin.bad-token-limit", 3)
			.property("credbroker.admin.bad-token-window", "1h")
			.start()) {
			List<Response> wrong = IntStream.range(0, 5)
				.mapToObj((i) -> braked.client("Bearer wrong-admin-token-" + i).get("/admin/v1/sources"))
				.toList();
			Response right = braked.admin().get("/admin/v1/sources");

			assertThat(wrong).extracting(Response::status).containsExactly(401, 401, 401, 429, 429);
			Response refused = wrong.get(4);
			assertProblem(refused);
			assertThat(refused.json().get("detail").asString()).contains("wrong admin tokens");
			assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);
			assertThat(right.status()).as("the right token from the braked address").isEqualTo(200);
		}
		assertThat(output.getAll()).containsOnlyOnce("Bad-token brake engaged for 127.0.0.1 on the admin API")
			.doesNotContain("wrong-admin-token-");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void anAdminTokenShorterThan32CharactersIsRefusedAtStart(@TempDir Path dataDir, CapturedOutput output) {
		BrokerApp weak = BrokerApp.on(dataDir).adminToken("weak-admin-token-1234");

		assertThatThrownBy(weak::start).rootCause()
			.hasMessageContaining("shorter than 32 characters")
			.hasMessageContaining("openssl rand -hex 32")
			.hasMessageNotContaining("weak-admin-token-1234");
		assertThat(output.getAll()).doesNotContain("weak-admin-token-1234");
	}

	@Test
	void containerEndpointNeverAcceptsTheAdminToken() {
		ContainerEndpoint.assertUnauthorized(broker, BrokerApp.ADMIN_TOKEN);
		ContainerEndpoint.assertUnauthorized(broker, "Bearer " + BrokerApp.ADMIN_TOKEN);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void adminApiIsDisabledWithoutAnAdminToken(@TempDir Path dataDir, CapturedOutput output) {
		try (BrokerApp noAdmin = BrokerApp.on(dataDir).adminToken(null).start()) {
			for (String authorization : Arrays.asList(null, "Bearer " + BrokerApp.ADMIN_TOKEN, "Bearer ")) {
				Response response = noAdmin.client(authorization).get("/admin/v1/sources");
				assertThat(response.status()).as(String.valueOf(authorization)).isEqualTo(404);
				assertProblem(response);
				assertThat(response.json().get("detail").asString()).contains("CREDBROKER_ADMIN_TOKEN");
			}
			assertThat(noAdmin.client(null).put("/admin/v1/sources/x", staticSource().toString()).status())
				.isEqualTo(404);
		}
		assertThat(output.getAll()).contains("admin API is disabled").contains("CREDBROKER_ADMIN_TOKEN");
		assertThat(output.getAll()).doesNotContain("Using generated security password");
	}

	@Test
	void unknownJsonFieldIsRejectedNamingTheField() {
		Response source = admin.put("/admin/v1/sources/" + unique("src"),
				staticSource().with("secretKey", "x").toString());
		assertThat(source.status()).isEqualTo(400);
		assertProblem(source);
		assertThat(source.json().get("detail").asString()).contains("secretKey");

		String sourceName = newStaticSource();
		String name = unique("wl");
		Response workload = admin.put("/admin/v1/workloads/" + name,
				assumeRole(sourceName).with("durationSecond", 3600).toString());
		assertThat(workload.status()).isEqualTo(400);
		assertProblem(workload);
		assertThat(workload.json().get("detail").asString()).contains("durationSecond");
		assertThat(admin.get("/admin/v1/workloads/" + name).status()).isEqualTo(404);
	}

	@Test
	void malformedJsonIsRejected() {
		String name = unique("src");
		for (String body : List.of("{\"type\":\"static\",", "not json", "", "[]", "{\"type\": static}")) {
			Response response = admin.put("/admin/v1/sources/" + name, body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertProblem(response);
			assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.credbroker");
		}
		assertThat(admin.get("/admin/v1/sources/" + name).status()).isEqualTo(404);
	}

	@Test
	void wrongJsonTypeIsRejectedNamingTheField() {
		String source = newStaticSource();
		Response response = admin.put("/admin/v1/workloads/" + unique("wl"),
				assumeRole(source).with("durationSeconds", "an hour").toString());
		assertThat(response.status()).isEqualTo(400);
		assertProblem(response);
		assertThat(response.json().get("detail").asString()).contains("durationSeconds");
	}

	@Test
	void bodyOver64KibIsRejected() {
		String name = unique("src");
		String padding = "x".repeat(64 * 1024);
		Response declared = admin.put("/admin/v1/sources/" + name, staticSource().with("profile", padding).toString());
		assertThat(declared.status()).isEqualTo(413);
		assertProblem(declared);
		Response streamed = admin.putStreamed("/admin/v1/sources/" + name,
				staticSource().with("profile", padding).toString());
		assertThat(streamed.status()).isEqualTo(413);
		assertProblem(streamed);
		assertThat(admin.get("/admin/v1/sources/" + name).status()).isEqualTo(404);

		Response justUnder = admin.put("/admin/v1/sources/" + name,
				staticSource().with("profile", "x".repeat(60 * 1024)).toString());
		assertThat(justUnder.status()).as("a body under the limit is parsed and validated").isEqualTo(400);
	}

	@Test
	void failedWorkloadCreateStoresNothing() {
		String source = newStaticSource();
		String name = unique("wl");
		Response response = admin.put("/admin/v1/workloads/" + name,
				assumeRole(source).with("roleArn", "nope").toString());
		assertThat(response.status()).isEqualTo(400);
		assertThat(admin.get("/admin/v1/workloads/" + name).status()).isEqualTo(404);
		assertThat(namesIn(admin.get("/admin/v1/workloads"))).doesNotContain(name);
	}

	@Test
	void failedReplaceLeavesTheOldVersionIntact() {
		String source = newStaticSource();
		String name = unique("wl");
		String token = steps.createWorkload(name, assumeRole(source));
		String before = admin.get("/admin/v1/workloads/" + name).body();

		Response tooLong = admin.put("/admin/v1/workloads/" + name,
				assumeRole(source).with("durationSeconds", 43201).toString());
		assertThat(tooLong.status()).isEqualTo(400);
		Response missingSource = admin.put("/admin/v1/workloads/" + name, assumeRole(unique("missing")).toString());
		assertThat(missingSource.status()).isEqualTo(400);
		assertThat(admin.get("/admin/v1/workloads/" + name).body()).isEqualTo(before);
		ContainerEndpoint.assertAccepted(broker, token);

		String sourceBefore = admin.get("/admin/v1/sources/" + source).body();
		Response badSource = admin.put("/admin/v1/sources/" + source,
				staticSource().with("secretAccessKey", "short").toString());
		assertThat(badSource.status()).isEqualTo(400);
		assertThat(admin.get("/admin/v1/sources/" + source).body()).isEqualTo(sourceBefore);
	}

	private static String newStaticSource() {
		String source = unique("src");
		steps.putSource(source, staticSource());
		return source;
	}

	private static List<String> namesIn(Response list) {
		assertThat(list.status()).isEqualTo(200);
		return list.json().valueStream().map((item) -> item.get("name").asString()).toList();
	}

	private static void assertNoSecret(Response response) {
		assertThat(response.body()).doesNotContain(SECRET_ACCESS_KEY)
			.doesNotContain(AdminBodies.ACCESS_KEY_ID)
			.doesNotContain("secretAccessKey")
			.doesNotContain("****");
	}

	private static void assertNoToken(Response response, String token) {
		assertThat(response.status()).isIn(200, 201);
		assertThat(response.body()).doesNotContain(token)
			.doesNotContain("\"token\"")
			.doesNotContain("tokenHash")
			.doesNotContain("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	}

	static void assertProblem(Response response) {
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
		assertThat(response.body()).doesNotContain("trace");
	}

}
