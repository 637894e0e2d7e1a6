package dev.credbroker.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.TwoReplicas;

/**
 * The change feed between replicas on one PostgreSQL database, where it can lose a
 * change: a transaction that commits late, change rows pruned before a replica read them,
 * a change that left no row at all, and a notification sent while the listening
 * connection was cut. Replica A is a broker; the other replica's writes are played by
 * direct SQL where a broker could not produce the situation on demand. Replica B is
 * started by each test with the feed settings it needs.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChangeFeedIT {

	private static final Logger log = LoggerFactory.getLogger(ChangeFeedIT.class);

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
	void startReplicaA() {
		this.replicas = TwoReplicas.onFreshDatabase(moto);
		// A rotated-out token stops working at once, so that a rotation is visible on B.
		this.a = this.replicas.replica(this.dataA).property("credbroker.workloads.token-grace", "0s").start();
		this.replicas.createSource(this.a);
	}

	@AfterEach
	void stop() {
		if (this.replicas != null) {
			this.replicas.close();
		}
	}

	/**
	 * The other replica disables a workload in a transaction that commits only after 120
	 * later changes were read: its change row is looked for until it arrives (the feed
	 * used to look back 100 changes only, and lost it).
	 */
	@Test
	void aChangeThatCommitsAfterAHundredLaterOnesIsAppliedWithinThePollInterval() throws SQLException {
		this.b = this.replicas.replica(this.dataB)
			.property("credbroker.sync.gap-wait", "10m")
			.property("credbroker.sync.reconcile-interval", "1h")
			.start();
		String held = createWorkload("held");
		String marker = createWorkload("marker");
		awaitStatus(this.b, held, 200);
		try (Connection late = this.replicas.store();
				Connection others = this.replicas.store();
				Statement heldSql = late.createStatement();
				Statement othersSql = others.createStatement()) {
			late.setAutoCommit(false);
			heldSql.execute("UPDATE workloads SET enabled = FALSE, version = version + 1 WHERE name = 'held'");
			heldSql.execute(changeRow("held"));
			othersSql.execute("INSERT INTO store_changes (kind, name, origin, changed_at) SELECT 'workload', "
					+ "'nobody-' || n, 'another-replica', CURRENT_TIMESTAMP FROM generate_series(1, 120) n");
			assertThat(this.a.admin().put("/admin/v1/workloads/marker", workloadBody(false)).status()).isEqualTo(200);
			awaitStatus(this.b, marker, 403);
			assertThat(this.b.client(held).get("/v1/credentials").status()).as("not committed yet").isEqualTo(200);

			late.commit();
		}

		await("the late change applied").atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.b.client(held).get("/v1/credentials").status() == 403);
	}

	/**
	 * Change rows pruned before B read them (as after B was away past the retention): B
	 * sees revisions missing below the oldest row left and reloads everything.
	 */
	@Test
	void aReplicaThatMissedPrunedChangesReloadsEverything(CapturedOutput output) throws SQLException {
		this.b = this.replicas.replica(this.dataB)
			.property("credbroker.sync.gap-wait", "10m")
			.property("credbroker.sync.reconcile-interval", "1h")
			.start();
		String kept = createWorkload("pruned-unread");
		awaitStatus(this.b, kept, 200);
		try (Connection other = this.replicas.store(); Statement sql = other.createStatement()) {
			other.setAutoCommit(false);
			sql.execute("UPDATE workloads SET enabled = FALSE, version = version + 1 WHERE name = 'pruned-unread'");
			sql.execute(changeRow("pruned-unread"));
			sql.execute("DELETE FROM store_changes");
			other.commit();
		}

		createWorkload("after-the-prune");

		awaitStatus(this.b, kept, 403);
		assertThat(output.getAll()).contains("was pruned from the store before this instance read it");
	}

	/**
	 * A change that left no change row at all is found by the periodic reconciliation.
	 */
	@Test
	void aChangeTheFeedNeverSawIsReconciledAfterTheInterval() throws SQLException {
		this.b = this.replicas.replica(this.dataB)
			.property("credbroker.sync.gap-wait", "10m")
			.property("credbroker.sync.reconcile-interval", "2s")
			.start();
		String quiet = createWorkload("unseen-change");
		awaitStatus(this.b, quiet, 200);
		try (Connection other = this.replicas.store(); Statement sql = other.createStatement()) {
			other.setAutoCommit(false);
			sql.execute("UPDATE workloads SET enabled = FALSE, version = version + 1 WHERE name = 'unseen-change'");
			sql.execute(changeRow("unseen-change"));
			sql.execute("DELETE FROM store_changes WHERE origin = 'another-replica'");
			other.commit();
		}

		await("reconciled").atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.b.client(quiet).get("/v1/credentials").status() == 403);
	}

	/**
	 * A replica that polls once an hour still learns of a disable, a rotation and a
	 * delete on another replica at once: PostgreSQL notifies it when the change commits.
	 */
	@Test
	void disablesRotationsAndDeletesReachAReplicaThatPollsHourlyThroughNotifications() {
		this.b = this.replicas.replica(this.dataB)
			.property("credbroker.sync.poll-interval", "1h")
			.property("credbroker.sync.reconcile-interval", "1h")
			.start();
		String token = createWorkload("notified");
		awaitStatus(this.b, token, 200);

		long disabled = millisUntil(() -> this.a.admin().put("/admin/v1/workloads/notified", workloadBody(false)),
				token, (status) -> status == 403);
		assertThat(this.a.admin().put("/admin/v1/workloads/notified", workloadBody(true)).status()).isEqualTo(200);
		awaitStatus(this.b, token, 200);
		String[] rotated = new String[1];
		long rotatedOut = millisUntil(() -> {
			HttpJson.Response answer = this.a.admin().post("/admin/v1/workloads/notified/token", null);
			rotated[0] = answer.json().get("token").asString();
			return answer;
		}, token, (status) -> status == 401);
		awaitStatus(this.b, rotated[0], 200);
		long deleted = millisUntil(() -> this.a.admin().delete("/admin/v1/workloads/notified"), rotated[0],
				(status) -> status == 401);

		log.info("Converged on B in {} ms (disable), {} ms (rotation), {} ms (delete)", disabled, rotatedOut, deleted);
	}

	/**
	 * The listening connections cut (their notifications lost): the change made meanwhile
	 * is caught up, the listeners connect again with one WARN and one INFO line, and
	 * notifications work again.
	 */
	@Test
	void aChangeWhoseNotificationWasLostIsCaughtUpAndTheListenerReconnects(CapturedOutput output) throws SQLException {
		this.b = this.replicas.replica(this.dataB)
			.property("credbroker.sync.poll-interval", "1h")
			.property("credbroker.sync.reconcile-interval", "1h")
			.start();
		String token = createWorkload("cut-off");
		awaitStatus(this.b, token, 200);
		await().until(() -> listeningConnections() == 2);

		try (Connection admin = this.replicas.store(); Statement sql = admin.createStatement()) {
			sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND application_name = 'credbroker-change-listener'");
		}
		assertThat(this.a.admin().put("/admin/v1/workloads/cut-off", workloadBody(false)).status()).isEqualTo(200);

		awaitStatus(this.b, token, 403);
		await("listening again").atMost(Duration.ofSeconds(5)).until(() -> listeningConnections() == 2);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getAll().contains("Listening for other instances' changes again"));
		assertThat(output.getAll()).contains("Lost the connection that listens for other instances' changes");
		assertThat(this.a.admin().put("/admin/v1/workloads/cut-off", workloadBody(true)).status()).isEqualTo(200);
		awaitStatus(this.b, token, 200);
	}

	/**
	 * How long after A answered the change B first answers as the change requires.
	 */
	private long millisUntil(java.util.function.Supplier<HttpJson.Response> change, String token,
			IntPredicate expected) {
		HttpJson client = this.b.client(token);
		HttpJson.Response answer = change.get();
		long start = System.nanoTime();
		assertThat(answer.status()).as("%s", answer).isBetween(200, 204);
		await().atMost(Duration.ofSeconds(1))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> expected.test(client.get("/v1/credentials").status()));
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private int listeningConnections() throws SQLException {
		try (Connection admin = this.replicas.store();
				Statement sql = admin.createStatement();
				ResultSet count = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = "
						+ "current_database() AND application_name = 'credbroker-change-listener'")) {
			count.next();
			return count.getInt(1);
		}
	}

	private static void awaitStatus(BrokerApp broker, String token, int status) {
		HttpJson client = broker.client(token);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> client.get("/v1/credentials").status() == status);
	}

	private static String changeRow(String workload) {
		return "INSERT INTO store_changes (kind, name, origin, changed_at) VALUES ('workload', '" + workload
				+ "', 'another-replica', CURRENT_TIMESTAMP)";
	}

	private String createWorkload(String name) {
		return this.replicas.createWorkload(this.a, name);
	}

	private String workloadBody(boolean enabled) {
		return this.replicas.workloadBody(enabled);
	}

}
