package dev.credbroker.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ConcurrentPuts;
import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoIamFixture;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.OidcTestIssuer;
import dev.credbroker.testsupport.TwoReplicas;

/**
 * Two broker instances on one PostgreSQL database, as several replicas run: admin changes
 * made through one are applied by the other within two seconds, and one instance going
 * away does not disturb the other.
 */
class ReplicasIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	@TempDir
	Path dataA;

	@TempDir
	Path dataB;

	private TwoReplicas replicas;

	private BrokerApp a;

	private BrokerApp b;

	@BeforeEach
	void startTwoInstances() {
		this.replicas = TwoReplicas.onFreshDatabase(moto);
		this.a = this.replicas.replica(this.dataA).start();
		this.b = this.replicas.replica(this.dataB).start();
		this.replicas.createSource(this.a);
	}

	@AfterEach
	void stop() {
		if (this.replicas != null) {
			this.replicas.close();
		}
	}

	@Test
	void workloadCreatedOnOneInstanceIsServedByTheOtherAndItsDeletionReachesBothWithinTwoSeconds() {
		String token = this.replicas.createWorkload(this.a, "replicated");

		await().atMost(Duration.ofSeconds(2)).until(() -> this.b.client(token).get("/v1/credentials").status() == 200);
		ExternalClients.Result botocore = ExternalClients.botocore(containerEnv(this.b, token), "--caller-identity",
				moto.endpoint().toString());
		assertThat(botocore.exitCode()).as(botocore.stderr()).isZero();
		assertThat(botocore.lastLine()).contains("assumed-role/app/credbroker-replicated");
		assertThat(this.a.client(token).get("/v1/credentials").status()).isEqualTo(200);

		assertThat(this.b.admin().delete("/admin/v1/workloads/replicated").status()).isEqualTo(204);
		assertThat(this.b.client(token).get("/v1/credentials").status()).isEqualTo(401);
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.a.client(token).get("/v1/credentials").status() == 401);
	}

	@Test
	void anIssuerAndABoundWorkloadCreatedOnOneInstanceProveOidcTokensOnTheOtherAndTheirChangesReachIt(
			@TempDir Path oidcDir) {
		try (OidcTestIssuer issuer = OidcTestIssuer.start(oidcDir)) {
			String issuerBody = """
					{"issuer":"%s","audiences":["%s"],"caCertificate":"%s"}""".formatted(issuer.issuer(),
					OidcTestIssuer.AUDIENCE, issuer.caPem().replace("\n", "\\n"));
			assertThat(this.a.admin().put("/admin/v1/issuers/ci", issuerBody).status()).isEqualTo(201);
			HttpJson.Response workload = this.a.admin().put("/admin/v1/workloads/oidc", """
					{"source":"main","type":"assume-role","roleArn":"%s","staticToken":false,
					"identities":[{"issuer":"ci","subject":"job:42"}]}""".formatted(moto.iam().appRoleArn()));
			assertThat(workload.status()).as(workload.body()).isEqualTo(201);
			String jwt = issuer.token("job:42");

			await().atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.b.client(jwt).get("/v1/credentials").status() == 200);

			// The issuer now expects another audience: the other instance forgets the
			// token it validated and refuses it.
			assertThat(this.a.admin()
				.put("/admin/v1/issuers/ci", issuerBody.replace(OidcTestIssuer.AUDIENCE, "other"))
				.status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.b.client(jwt).get("/v1/credentials").body().contains("Wrong audience"));
		}
	}

	@Test
	void overlappingBindingsPutThroughBothReplicasAtOnceLetExactlyOneWorkloadWin(@TempDir Path oidcDir)
			throws Exception {
		try (OidcTestIssuer issuer = OidcTestIssuer.start(oidcDir)) {
			assertThat(this.a.admin().put("/admin/v1/issuers/ci", """
					{"issuer":"%s","audiences":["%s"]}""".formatted(issuer.issuer(), OidcTestIssuer.AUDIENCE)).status())
				.isEqualTo(201);
			for (int round = 0; round < 3; round++) {
				List<String> names = IntStream.range(0, 8).mapToObj((i) -> "racer-" + i).toList();
				String subject = "job:" + round;
				// even names through one replica, odd through the other
				Map<String, HttpJson.Response> answers = ConcurrentPuts.ofWorkloads(names,
						(name) -> ((name.charAt(name.length() - 1) - '0') % 2 == 0) ? this.a.admin() : this.b.admin(),
						(name) -> """
								{"source":"main","type":"assume-role","roleArn":"%s","staticToken":false,
								"identities":[{"issuer":"ci","subject":"%s"}]}""".formatted(moto.iam().appRoleArn(),
								subject));
				String winner = ConcurrentPuts.assertOneOverlappingWorkloadWon(answers, this.b.admin());
				assertThat(this.a.admin().delete("/admin/v1/workloads/" + winner).status()).isEqualTo(204);
			}
		}
	}

	@Test
	void replacedRecipeAndRotatedTokenReachTheOtherInstance() {
		String token = this.replicas.createWorkload(this.a, "rotating");
		await().atMost(Duration.ofSeconds(2)).until(() -> this.b.client(token).get("/v1/credentials").status() == 200);

		HttpJson.Response disabled = this.a.admin()
			.put("/admin/v1/workloads/rotating", this.replicas.workloadBody(false));
		assertThat(disabled.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.b.client(token).get("/v1/credentials").status() == 403);

		this.a.admin().put("/admin/v1/workloads/rotating", this.replicas.workloadBody(true));
		String rotated = this.a.admin().post("/admin/v1/workloads/rotating/token", null).json().get("token").asString();
		await().atMost(Duration.ofSeconds(2))
			.until(() -> this.b.client(rotated).get("/v1/credentials").status() == 200);
	}

	@Test
	void oneInstanceStoppingMidTrafficDoesNotDisturbTheOther() throws Exception {
		String token = this.replicas.createWorkload(this.a, "steady");
		await().atMost(Duration.ofSeconds(2)).until(() -> this.b.client(token).get("/v1/credentials").status() == 200);
		HttpJson clientOfB = this.b.client(token);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger served = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		ExecutorService load = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> workers = java.util.stream.IntStream.range(0, 4)
				.<Future<?>>mapToObj((i) -> load.submit(() -> {
					while (running.get()) {
						if (clientOfB.get("/v1/credentials").status() == 200) {
							served.incrementAndGet();
						}
						else {
							failed.incrementAndGet();
						}
					}
				}))
				.toList();
			await().until(() -> served.get() > 50);
			this.a.stop();
			int servedWhenAStopped = served.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> served.get() > servedWhenAStopped + 200);
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			load.shutdownNow();
		}
		assertThat(failed.get()).isZero();
	}

	/**
	 * A replica that has not heard of a new workload yet looks its token up in the store
	 * once instead of answering 401 (SDKs do not retry a 401).
	 */
	@Test
	void aWorkloadCreatedOnOneReplicaIsServedByAnotherAtOnce(@TempDir Path dataC) {
		try (BrokerApp unaware = this.replicas.replica(dataC)
			.property("credbroker.sync.poll-interval", "1h")
			.property("credbroker.sync.listen", false)
			.start()) {
			String token = this.replicas.createWorkload(this.a, "just-created");

			HttpJson.Response first = unaware.client(token).get("/v1/credentials");

			assertThat(first.status()).as("the first request: %s", first).isEqualTo(200);
			assertThat(unaware.client("cbw_" + "N".repeat(43)).get("/v1/credentials").status())
				.as("a token the store does not know either")
				.isEqualTo(401);
		}
	}

	/**
	 * An MFA session and the change row that tells the other replicas commit together, or
	 * neither does: with the change row refused (a trigger), the session is not stored.
	 */
	@Test
	void anMfaSessionIsStoredOnlyWithItsChangeRow() throws SQLException {
		MotoIamFixture iam = moto.iam();
		HttpJson.Response source = this.a.admin().put("/admin/v1/sources/guarded", """
				{"type":"static","accessKeyId":"%s","secretAccessKey":"%s","mfaSerial":"arn:aws:iam::%s:mfa/ops"}
				""".formatted(iam.broker().accessKeyId(), iam.broker().secretAccessKey(), iam.accountId()));
		assertThat(source.status()).as("%s", source).isEqualTo(201);
		HttpJson.Response opened;
		try (Connection store = this.replicas.store(); Statement sql = store.createStatement()) {
			sql.execute("CREATE FUNCTION refuse_change() RETURNS trigger AS $$ BEGIN "
					+ "RAISE EXCEPTION 'change rows refused by the test'; END $$ LANGUAGE plpgsql");
			sql.execute("CREATE TRIGGER refuse_change BEFORE INSERT ON store_changes "
					+ "FOR EACH ROW EXECUTE FUNCTION refuse_change()");
			opened = this.a.admin()
				.post("/admin/v1/sources/guarded/mfa-session", "{\"tokenCode\":\"123456\",\"durationSeconds\":3600}");
			sql.execute("DROP TRIGGER refuse_change ON store_changes");
		}

		assertThat(opened.status()).as("%s", opened).isGreaterThanOrEqualTo(500);
		assertThat(this.a.admin().get("/admin/v1/sources/guarded").json().get("mfaSession").get("active").asBoolean())
			.as("no session without its change row")
			.isFalse();
	}

	/**
	 * A change whose apply fails (the store briefly unreadable for the replica) is
	 * applied at a later poll, not recorded as applied and lost: the other replica
	 * disables the workload (played by direct SQL) while this one cannot read
	 * {@code workloads}.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aChangeWhoseApplyFailsIsAppliedAtALaterPoll(CapturedOutput output) throws SQLException {
		String token = this.replicas.createWorkload(this.a, "flaky-apply");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.b.client(token).get("/v1/credentials").status() == 200);
		try (Connection store = this.replicas.store(); Statement sql = store.createStatement()) {
			sql.execute("ALTER TABLE workloads RENAME TO workloads_away");
			sql.execute("UPDATE workloads_away SET enabled = FALSE, version = version + 1 WHERE name = 'flaky-apply'");
			sql.execute("INSERT INTO store_changes (kind, name, origin, changed_at) VALUES ('workload', "
					+ "'flaky-apply', 'another-replica', CURRENT_TIMESTAMP)");
			await("a poll that could not apply the change").atMost(Duration.ofSeconds(10))
				.until(() -> output.getAll().contains("changes made by other instances"));
			sql.execute("ALTER TABLE workloads_away RENAME TO workloads");
		}

		await("applied at a later poll").atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.b.client(token).get("/v1/credentials").status() == 403);
	}

	/**
	 * A replica that has not heard yet that a workload was deleted and created again
	 * under its name still knows the old token; it must not hand that token the new
	 * workload's credentials (the name and version alone are the same again).
	 */
	@Test
	void aReplicaThatHasNotHeardOfADeleteAndRecreateNeverGivesTheOldTokenTheNewWorkloadsCredentials(
			@TempDir Path dataC) {
		String oldToken = this.replicas.createWorkload(this.a, "reborn");
		try (BrokerApp unaware = this.replicas.replica(dataC)
			.property("credbroker.sync.poll-interval", "1h")
			.property("credbroker.sync.listen", false)
			.start()) {
			assertThat(this.a.admin().delete("/admin/v1/workloads/reborn").status()).isEqualTo(204);
			String newToken = this.replicas.createWorkload(this.a, "reborn");

			HttpJson.Response answer = unaware.client(oldToken).get("/v1/credentials");

			assertThat(answer.body()).doesNotContain("AccessKeyId");
			assertThat(answer.status()).as("%s", answer).isIn(503, 401);
			assertThat(unaware.client(newToken).get("/v1/credentials").status()).as("the new token").isIn(200, 401);
			assertThat(this.a.client(newToken).get("/v1/credentials").status()).isEqualTo(200);
		}
	}

	private static Map<String, String> containerEnv(BrokerApp broker, String token) {
		return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", broker.credentialsUri().toString(),
				"AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
	}

}
