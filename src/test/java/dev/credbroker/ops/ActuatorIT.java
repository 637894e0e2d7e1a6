package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.PostgresDatabase;
import dev.credbroker.testsupport.StsProxy;

/**
 * Actuator as operators and Kubernetes probes see it: health components and groups, info,
 * what is not exposed.
 */
class ActuatorIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	static StsProxy sts;

	static BrokerApp broker;

	static BrokerScenario scenario;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		sts = StsProxy.to(moto.endpoint());
		broker = BrokerScenario.broker(dataDir, sts.endpoint())
			.property("credbroker.sts.retry.max-attempts", 1)
			.property("credbroker.sts.circuit-breaker.minimum-number-of-calls", 2)
			.property("credbroker.sts.circuit-breaker.sliding-window-size", 2)
			.property("credbroker.sts.circuit-breaker.wait-in-open-state", "1s")
			.start();
		scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker, sts);
	}

	@Test
	void healthShowsStoreStsAndSourcesComponentsToTheAdminAndTheProbeGroupsAreUp() {
		HttpJson.Response health = scenario.adminGet("/actuator/health");

		assertThat(health.status()).as("%s", health).isEqualTo(200);
		JsonNode components = health.json().get("components");
		assertThat(components.get("store").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("sts").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("sts").get("details").get("circuitBreaker").asString()).isEqualTo("CLOSED");
		assertThat(components.get("sources").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("sources").get("details").get("main").get("type").asString()).isEqualTo("static");
		for (String group : List.of("liveness", "readiness")) {
			HttpJson.Response probe = scenario.get("/actuator/health/" + group);
			assertThat(probe.status()).as("%s: %s", group, probe).isEqualTo(200);
			assertThat(probe.json().get("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void anonymousCallersSeeTheStatusOnlyAndAWrongAdminTokenShowsNoMore() {
		scenario.mfaSource("anonymous-view", moto.iam().broker(),
				"arn:aws:iam::" + moto.iam().accountId() + ":mfa/broker");

		for (HttpJson client : List.of(broker.client(null), broker.client("Bearer not-the-admin-token"))) {
			for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
				HttpJson.Response health = client.get(path);
				assertThat(health.status()).as("%s: %s", path, health).isEqualTo(200);
				assertThat(health.json().propertyNames()).as("%s: %s", path, health).isSubsetOf("status", "groups");
				assertThat(health.body()).doesNotContain("anonymous-view", "main", "data", "mfa", "workloads");
			}
			assertThat(client.get("/actuator/health/diskSpace").status()).as("the data path").isEqualTo(404);
		}
		assertThat(scenario.adminGet("/actuator/health/diskSpace").json().get("details").has("path")).isTrue();
	}

	@Test
	void anMfaSourceWithoutSessionIsAWarningDetailNotDown() {
		scenario.mfaSource("guarded", moto.iam().broker(), "arn:aws:iam::" + moto.iam().accountId() + ":mfa/broker");

		JsonNode sources = scenario.adminGet("/actuator/health").json().get("components").get("sources");

		assertThat(sources.get("status").asString()).isEqualTo("UP");
		JsonNode guarded = sources.get("details").get("guarded");
		assertThat(guarded.get("mfaSession").asString()).isEqualTo("none");
		assertThat(guarded.get("warning").asString()).contains("MFA session");
		assertThat(scenario.get("/actuator/health/readiness").status()).isEqualTo(200);
	}

	@Test
	void stsGoesDownWhenTheBreakerOpensWhileReadinessStaysUpBecauseCachedCredentialsAreStillServed() {
		String cachedToken = scenario.assumeRole("cached", "main", moto.iam().appRoleArn());
		scenario.okCredentials(cachedToken);
		List<String> newTokens = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			newTokens.add(scenario.assumeRole("fresh-" + i, "main", moto.iam().appRoleArn()));
		}
		sts.goDown();
		try {
			for (String token : newTokens) {
				assertThat(scenario.credentials(token).status()).isEqualTo(503);
			}
			JsonNode stsHealth = scenario.adminGet("/actuator/health").json().get("components").get("sts");
			assertThat(stsHealth.get("status").asString()).isEqualTo("DOWN");
			assertThat(stsHealth.get("details").get("circuitBreaker").asString()).isEqualTo("OPEN");
			assertThat(scenario.get("/actuator/health").status()).as("overall health with STS down").isEqualTo(503);
			assertThat(scenario.get("/actuator/health/readiness").status()).isEqualTo(200);
			assertThat(scenario.get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(scenario.credentials(cachedToken).status()).as("cached credentials during the outage")
				.isEqualTo(200);
		}
		finally {
			sts.comeBack();
		}
		await("sts component UP after the outage").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> {
				newTokens.forEach(scenario::credentials);
				return scenario.adminGet("/actuator/health")
					.json()
					.get("components")
					.get("sts")
					.get("status")
					.asString();
			}, "UP"::equals);
		newTokens.forEach(scenario::okCredentials);
	}

	/**
	 * Readiness means "can serve the container endpoint": a replica keeps its cached
	 * credentials through a store outage, so it stays in the Service; the store component
	 * shows the outage, and every health answer comes within 1 s.
	 */
	@Test
	void readinessStaysUpWhileThePostgresStoreIsUnreachableAndHealthShowsTheStoreDown(@TempDir Path dataDir)
			throws SQLException {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				BrokerApp postgresBroker = BrokerScenario.broker(dataDir, sts.endpoint())
					.postgres(database)
					.masterKey(Base64.getEncoder().encodeToString(key))
					.start()) {
			BrokerScenario onPostgres = new BrokerScenario(postgresBroker);
			assertThat(onPostgres.get("/actuator/health/readiness").status()).isEqualTo(200);

			database.allowConnections(false);
			try {
				await("store DOWN").atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> storeStatus(onPostgres), "DOWN"::equals);
				HttpJson.Response health = withinOneSecond(() -> onPostgres.adminGet("/actuator/health"));
				assertThat(health.status()).as("%s", health).isEqualTo(503);
				JsonNode components = health.json().get("components");
				assertThat(components.get("store").get("status").asString()).isEqualTo("DOWN");
				assertThat(components.get("sources").get("status").asString()).isEqualTo("UNKNOWN");
				HttpJson.Response readiness = withinOneSecond(() -> onPostgres.get("/actuator/health/readiness"));
				assertThat(readiness.status()).as("%s", readiness).isEqualTo(200);
				assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
				assertThat(withinOneSecond(() -> onPostgres.get("/actuator/health/liveness")).status()).isEqualTo(200);
			}
			finally {
				database.allowConnections(true);
			}
			await("store UP again").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> storeStatus(onPostgres), "UP"::equals);
			assertThat(onPostgres.get("/actuator/health/readiness").status()).isEqualTo(200);
		}
	}

	private static String storeStatus(BrokerScenario scenario) {
		return withinOneSecond(() -> scenario.adminGet("/actuator/health")).json()
			.get("components")
			.get("store")
			.get("status")
			.asString();
	}

	private static HttpJson.Response withinOneSecond(Supplier<HttpJson.Response> request) {
		long start = System.nanoTime();
		HttpJson.Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answer time of %s", response)
			.isLessThan(Duration.ofSeconds(1));
		return response;
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "configprops", "heapdump", "threaddump", "loggers", "beans", "loggers/ROOT",
			"env/credbroker.admin.token", "mappings", "shutdown" })
	void unexposedEndpointsAreNotFound(String endpoint) {
		assertThat(scenario.get("/actuator/" + endpoint).status()).isEqualTo(404);
		assertThat(broker.admin().get("/actuator/" + endpoint).status()).as("with the admin token").isEqualTo(404);
	}

	@Test
	void loggersCannotBeChanged() {
		HttpJson.Response response = broker.client(null)
			.post("/actuator/loggers/ROOT", "{\"configuredLevel\":\"TRACE\"}");

		assertThat(response.status()).isIn(404, 405);
		assertThat(broker.admin().post("/actuator/loggers/ROOT", "{\"configuredLevel\":\"TRACE\"}").status()).isIn(404,
				405);
	}

	@Test
	void infoHasTheBuildVersion() {
		HttpJson.Response info = scenario.get("/actuator/info");

		assertThat(info.status()).isEqualTo(200);
		assertThat(info.json().get("build").get("version").asString()).isNotBlank();
	}

}
