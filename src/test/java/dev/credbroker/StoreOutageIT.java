package dev.credbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * A PostgreSQL outage (the database refuses connections and its sessions are ended):
 * cached credentials keep being served, readiness stays UP, {@code /actuator/health}
 * shows the store DOWN, admin writes fail fast with 503 and {@code Retry-After}, and
 * everything works again soon after the store is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOutageIT {

	private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(1);

	private static final Duration ADMIN_WRITE_DEADLINE = Duration.ofSeconds(2);

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	@Test
	void aStoreOutageStopsAdminWritesFastButNotCachedCredentialsOrReadiness(@TempDir Path dataDir,
			CapturedOutput output) throws SQLException {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				BrokerApp broker = BrokerScenario.broker(dataDir, moto.endpoint())
					.postgres(database)
					.masterKey(Base64.getEncoder().encodeToString(key))
					.start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.staticSource("main", moto.iam().broker());
			String cached = scenario.assumeRole("cached", "main", moto.iam().appRoleArn());
			scenario.okCredentials(cached);
			assertThat(storeStatus(scenario)).isEqualTo("UP");

			database.allowConnections(false);
			try {
				await("store DOWN in /actuator/health").atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> storeStatus(scenario), "DOWN"::equals);

				for (int i = 0; i < 5; i++) {
					assertThat(scenario.credentials(cached).status()).as("cached credentials during the outage")
						.isEqualTo(200);
					HttpJson.Response readiness = within(HEALTH_DEADLINE,
							() -> scenario.get("/actuator/health/readiness"));
					assertThat(readiness.status()).as("readiness during the outage: %s", readiness).isEqualTo(200);
					assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
				}
				HttpJson.Response health = within(HEALTH_DEADLINE, () -> scenario.adminGet("/actuator/health"));
				assertThat(health.json().get("components").get("store").get("status").asString()).isEqualTo("DOWN");
				assertThat(health.json().get("components").get("sources").get("status").asString())
					.isEqualTo("UNKNOWN");
				assertThat(scenario.prometheus().value("credbroker_store_up")).isEqualTo(0);

				HttpJson.Response refused = within(ADMIN_WRITE_DEADLINE,
						() -> scenario.adminPut("/admin/v1/workloads/during-outage",
								BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn())));
				assertThat(refused.status()).as("%s", refused).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isEqualTo("5");
				assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
				assertThat(refused.json().get("detail").asString()).contains("store", "unreachable");
			}
			finally {
				database.allowConnections(true);
			}

			await("admin writes accepted after the store is back").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> scenario
					.adminPut("/admin/v1/workloads/after-outage",
							BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn()))
					.status() == 201);
			assertThat(scenario.adminGet("/admin/v1/workloads/during-outage").status())
				.as("nothing written by the refused request")
				.isEqualTo(404);
			await("store UP again").atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> storeStatus(scenario), "UP"::equals);
			assertThat(scenario.prometheus().value("credbroker_store_up")).isEqualTo(1);
			assertThat(scenario.credentials(cached).status()).isEqualTo(200);
			assertThat(output.getOut()).as("one WARN at the start and one at the end of the outage")
				.containsOnlyOnce("The store is unreachable (")
				.containsOnlyOnce("The store is reachable again after");
		}
	}

	@Test
	void startUpWaitsForAStoreThatDoesNotAnswerYetWithOneLinePerAttempt(@TempDir Path dataDir, CapturedOutput output)
			throws Exception {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try (PostgresDatabase database = PostgresDatabase.createOrSkip()) {
			database.allowConnections(false);
			CompletableFuture<BrokerApp> starting;
			try {
				starting = CompletableFuture.supplyAsync(() -> BrokerScenario.broker(dataDir, moto.endpoint())
					.postgres(database)
					.masterKey(Base64.getEncoder().encodeToString(key))
					.start());
				await("a waiting line").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> output.getOut().contains("Waiting for the store at "));
				assertThat(starting).as("still waiting, not failed").isNotDone();
			}
			finally {
				database.allowConnections(true);
			}
			try (BrokerApp broker = starting.get(60, TimeUnit.SECONDS)) {
				assertThat(new BrokerScenario(broker).get("/actuator/health/readiness").status()).isEqualTo(200);
			}
			assertThat(output.getOut()).contains("The store at ")
				.doesNotContain("APPLICATION FAILED TO START")
				.doesNotContain("PSQLException");
		}
	}

	private static String storeStatus(BrokerScenario scenario) {
		return within(HEALTH_DEADLINE, () -> scenario.adminGet("/actuator/health")).json()
			.get("components")
			.get("store")
			.get("status")
			.asString();
	}

	private static HttpJson.Response within(Duration deadline, Supplier<HttpJson.Response> request) {
		long start = System.nanoTime();
		HttpJson.Response response = request.get();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).as("answer time of %s", response).isLessThan(deadline);
		return response;
	}

}
