package dev.credbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
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
import dev.credbroker.testsupport.TcpProxy;

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

	/** How long the drill cuts the store off. */
	private static final Duration CUT = Duration.ofSeconds(20);

	/** Normal operation this soon after the store is back (the bound). */
	private static final Duration RECOVERY = Duration.ofSeconds(2);

	/**
	 * The drill's endpoint deadline: longer than the default 800 ms so that a busy test
	 * machine's STS never decides an outcome, short enough to hold a store answer to it.
	 */
	private static final Duration ISSUANCE_DEADLINE = Duration.ofSeconds(3);

	private static final Logger log = LoggerFactory.getLogger(StoreOutageIT.class);

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

				for (int i = 0; i < 3; i++) {
					HttpJson.Response refused = within(ADMIN_WRITE_DEADLINE,
							() -> scenario.adminPut("/admin/v1/workloads/during-outage",
									BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn())));
					assertThat(refused.status()).as("%s", refused).isEqualTo(503);
					assertThat(refused.header("Retry-After")).isEqualTo("5");
					assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
					assertThat(refused.json().get("detail").asString()).contains("store", "unreachable");
				}
				// the outage has been reported once; each refusal is not another WARN
				assertThat(output.getOut().lines().filter((line) -> line.contains("Admin request refused")))
					.as("refused admin requests once the outage is known")
					.noneMatch((line) -> line.contains(" WARN "));
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
			assertOutageLoggedClearly(output);
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

	/**
	 * The drill of the issue: the proxy between the broker and PostgreSQL is cut for 20 s
	 * while cached workloads request credentials steadily and readiness is probed.
	 */
	@Test
	void aTwentySecondCutUnderSteadyRequestsStopsOnlyWhatNeedsTheStore(@TempDir Path dataDir, CapturedOutput output)
			throws Exception {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				TcpProxy proxy = database.proxy();
				BrokerApp broker = BrokerScenario.broker(dataDir, moto.endpoint())
					.postgres(database, proxy)
					.masterKey(Base64.getEncoder().encodeToString(key))
					.property("credbroker.endpoint.deadline", ISSUANCE_DEADLINE)
					.start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.staticSource("main", moto.iam().broker());
			scenario.mfaSource("night", moto.iam().broker(), "arn:aws:iam::123456789012:mfa/ops");
			HttpJson.Response session = scenario.adminPost("/admin/v1/sources/night/mfa-session",
					"{\"tokenCode\":\"123456\"}");
			assertThat(session.status()).as("%s", session).isIn(200, 201);
			List<String> cached = List.of(scenario.assumeRole("cached-1", "main", moto.iam().appRoleArn()),
					scenario.assumeRole("cached-2", "main", moto.iam().appRoleArn()),
					scenario.assumeRole("cached-3", "main", moto.iam().appRoleArn()));
			cached.forEach(scenario::okCredentials);
			String uncached = scenario.assumeRole("uncached", "main", moto.iam().appRoleArn());
			String mfaWorkload = scenario.assumeRole("night-app", "night", moto.iam().appRoleArn());

			SteadyRequests steady = new SteadyRequests(scenario, cached);
			Instant cutAt;
			Instant restoredAt;
			try {
				cutAt = Instant.now();
				proxy.cut();
				await("store DOWN in /actuator/health").atMost(Duration.ofSeconds(5))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> storeStatus(scenario), "DOWN"::equals);

				HttpJson.Response issued = scenario.credentials(uncached);
				assertThat(issued.status()).as("a known uncached static-source workload during the outage: %s", issued)
					.isEqualTo(200);

				HttpJson.Response mfa = within(ISSUANCE_DEADLINE, () -> scenario.credentials(mfaWorkload));
				assertThat(mfa.status()).as("%s", mfa).isEqualTo(503);
				assertThat(mfa.header("Retry-After")).isNotBlank();
				assertThat(mfa.json().get("code").asString()).isEqualTo("UpstreamUnavailable");
				assertThat(mfa.json().get("message").asString()).contains("store", "unreachable", "MFA session",
						"'night'");

				HttpJson.Response refused = within(ADMIN_WRITE_DEADLINE,
						() -> scenario.adminPut("/admin/v1/workloads/during-outage",
								BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn())));
				assertThat(refused.status()).as("%s", refused).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isNotBlank();
				assertThat(scenario.prometheus().value("credbroker_store_up")).isEqualTo(0);

				await("the cut held for " + CUT.toSeconds() + " s").atMost(CUT.plusSeconds(10))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> {
						assertThat(storeStatus(scenario)).as("store during the cut").isEqualTo("DOWN");
						return Duration.between(cutAt, Instant.now()).compareTo(CUT) >= 0;
					});
			}
			finally {
				restoredAt = Instant.now();
				proxy.restore();
			}
			SteadyRequests.Counts duringCut = steady.countsBetween(cutAt, restoredAt);

			Instant written = await("an admin write accepted after the store is back").atMost(RECOVERY)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> scenario
					.adminPut("/admin/v1/workloads/after-outage",
							BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn()))
					.status() == 201 ? Instant.now() : null, java.util.Objects::nonNull);
			Instant storeUp = await("store UP again").atMost(RECOVERY)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "UP".equals(storeStatus(scenario)) ? Instant.now() : null, java.util.Objects::nonNull);
			SteadyRequests.Counts all = steady.stop();

			assertThat(duringCut.credentials()).as("steady requests during the cut").isGreaterThan(100);
			assertThat(all.notOk()).as("non-200 answers to cached workloads: %s", all.failures()).isEmpty();
			assertThat(all.readinessNotUp()).as("readiness probes not UP: %s", all.failures()).isZero();
			assertThat(scenario.adminGet("/admin/v1/workloads/during-outage").status())
				.as("nothing written by the refused request")
				.isEqualTo(404);
			assertThat(scenario.credentials(uncached).status()).isEqualTo(200);

			JsonNode events = await("the outage's audit events stored").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> scenario.adminGet("/admin/v1/audit?limit=200").json(),
						(json) -> outageEvents(json, cutAt, restoredAt).size() >= 3);
			List<String> outage = outageEvents(events, cutAt, restoredAt);
			assertThat(outage).as("audit events of the outage, oldest first")
				.containsSubsequence("uncached issue success", "night-app issue UpstreamUnavailable",
						"during-outage PUT /admin/v1/workloads/{name} http-503");

			log.info(
					"Outage drill: {} container requests for cached workloads during the {} s cut ({} in all), "
							+ "{} non-200, {} readiness probes not UP; after restore: admin write accepted in {} ms, "
							+ "store UP in {} ms",
					duringCut.credentials(), CUT.toSeconds(), all.credentials(), all.notOk().size(),
					all.readinessNotUp(), Duration.between(restoredAt, written).toMillis(),
					Duration.between(restoredAt, storeUp).toMillis());
			assertThat(output.getOut()).doesNotContain(moto.iam().broker().secretAccessKey());
			assertOutageLoggedClearly(output);
		}
	}

	/**
	 * One WARN when the outage starts, one INFO when it ends, and no ERROR: in particular
	 * not Spring's "Application exception overridden by rollback exception" for a
	 * transaction the cut caught, whose rollback fails on the closed connection
	 * ({@code StoreTransactionManager}). Hikari's own WARNs about the connections it
	 * drops stay.
	 */
	private static void assertOutageLoggedClearly(CapturedOutput output) {
		assertThat(output.getOut().lines().filter((line) -> line.contains("The store is unreachable (")))
			.as("the outage's start")
			.singleElement()
			.asString()
			.contains(" WARN ");
		assertThat(output.getOut().lines().filter((line) -> line.contains("The store is reachable again after")))
			.as("the outage's end")
			.singleElement()
			.asString()
			.contains(" INFO ");
		assertThat(output.getOut()).doesNotContain("overridden by rollback")
			.doesNotContainPattern("(?m)^\\S+\\s+ERROR ");
	}

	/**
	 * Every {@code ... action outcome} of the audit events between two instants, oldest
	 * first.
	 */
	private static List<String> outageEvents(JsonNode events, Instant from, Instant to) {
		List<String> found = new ArrayList<>();
		for (JsonNode event : events) {
			Instant at = Instant.parse(event.get("occurredAt").asString());
			if (!at.isBefore(from.minusMillis(5)) && !at.isAfter(to)) {
				found.add(0, event.get("workload").asString("") + " " + event.get("action").asString() + " "
						+ event.get("outcome").asString());
			}
		}
		return found;
	}

	/**
	 * Container-endpoint requests for cached workloads every 10 ms and a readiness probe
	 * every 200 ms, from start to {@link #stop()}, each answer kept with its time.
	 */
	private static final class SteadyRequests {

		record Answer(Instant at, String what, int status, String body) {
		}

		record Counts(int credentials, List<Answer> notOk, int readinessNotUp, List<Answer> failures) {
		}

		private final ScheduledExecutorService requests = Executors.newScheduledThreadPool(2);

		private final List<Answer> answers = new CopyOnWriteArrayList<>();

		SteadyRequests(BrokerScenario scenario, List<String> tokens) {
			AtomicInteger next = new AtomicInteger();
			HttpJson direct = scenario.app().client(null);
			this.requests.scheduleAtFixedRate(() -> {
				String token = tokens.get(Math.floorMod(next.getAndIncrement(), tokens.size()));
				HttpJson.Response response = scenario.app().client(token).get("/v1/credentials");
				this.answers.add(new Answer(Instant.now(), "credentials", response.status(),
						(response.status() == 200) ? "" : response.body()));
			}, 0, 10, TimeUnit.MILLISECONDS);
			this.requests.scheduleAtFixedRate(() -> {
				HttpJson.Response response = direct.get("/actuator/health/readiness");
				boolean up = response.status() == 200 && response.body().contains("\"UP\"");
				this.answers.add(new Answer(Instant.now(), "readiness", up ? 200 : response.status(),
						up ? "" : response.body()));
			}, 0, 200, TimeUnit.MILLISECONDS);
		}

		Counts countsBetween(Instant from, Instant to) {
			return counts(this.answers.stream()
				.filter((answer) -> !answer.at().isBefore(from) && !answer.at().isAfter(to))
				.toList());
		}

		Counts stop() throws InterruptedException {
			this.requests.shutdown();
			assertThat(this.requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			return counts(List.copyOf(this.answers));
		}

		private static Counts counts(List<Answer> answers) {
			List<Answer> credentials = answers.stream()
				.filter((answer) -> answer.what().equals("credentials"))
				.toList();
			List<Answer> failures = answers.stream().filter((answer) -> answer.status() != 200).toList();
			return new Counts(credentials.size(),
					credentials.stream().filter((answer) -> answer.status() != 200).toList(),
					(int) failures.stream().filter((answer) -> answer.what().equals("readiness")).count(), failures);
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
