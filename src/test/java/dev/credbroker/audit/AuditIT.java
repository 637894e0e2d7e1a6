package dev.credbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.ColumnWidths;
import dev.credbroker.common.Timestamps;
import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.ProxiedBroker;

/**
 * The audit trail of a short operator and workload session: every event newest first
 * through the API, the same events as one JSON line each on the {@code credbroker.audit}
 * logger, and no secret of the run anywhere in the API answer, the stored rows, the
 * database or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	@Test
	void issuanceAndAdminEventsAreAuditedWithoutSecrets(@TempDir Path dataDir, CapturedOutput output)
			throws SQLException {
		List<String> secrets = new ArrayList<>(List.of(moto.iam().broker().secretAccessKey(), BrokerApp.ADMIN_TOKEN));
		String appRole = moto.iam().appRoleArn();
		List<JsonNode> events;
		JsonNode issued;
		try (ProxiedBroker it = ProxiedBroker.start(moto, dataDir)) {
			assertThat(it.putStaticSource("main", moto.iam().broker(), null).status()).isEqualTo(201);
			String billingToken = it.createWorkload("billing", ProxiedBroker.assumeRole("main", appRole, 3600));
			issued = it.issuedCredentials(billingToken);
			Response rotated = it.admin().post("/admin/v1/workloads/billing/token", null);
			assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
			String brokenToken = it.createWorkload("broken", ProxiedBroker.assumeRole("main", appRole, 3600));
			it.proxy().failNext("AssumeRole", 1, 403, "AccessDenied", "not authorized to perform sts:AssumeRole");
			assertThat(it.credentials(brokenToken).status()).isEqualTo(502);
			assertThat(it.admin().delete("/admin/v1/workloads/billing").status()).isEqualTo(204);
			secrets.addAll(List.of(billingToken, rotated.json().get("token").asString(), brokenToken,
					issued.get("SecretAccessKey").asString(), issued.get("Token").asString()));

			Response audit = it.admin().get("/admin/v1/audit?limit=50");
			assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
			events = list(audit.json());
			assertThat(events)
				.extracting((e) -> text(e, "actor"), (e) -> text(e, "action"), (e) -> text(e, "outcome"),
						(e) -> text(e, "workload"))
				.containsExactly(tuple("admin", "DELETE /admin/v1/workloads/{name}", "success", "billing"),
						tuple("workload:broken", "issue", "UpstreamRejected", "broken"),
						tuple("admin", "PUT /admin/v1/workloads/{name}", "success", "broken"),
						tuple("admin", "POST /admin/v1/workloads/{name}/token", "success", "billing"),
						tuple("workload:billing", "issue", "success", "billing"),
						tuple("admin", "PUT /admin/v1/workloads/{name}", "success", "billing"),
						tuple("admin", "PUT /admin/v1/sources/{name}", "success", null));
			assertThat(events).filteredOn((e) -> "admin".equals(text(e, "actor")))
				.allSatisfy((e) -> assertThat(text(e, "clientAddress")).isEqualTo("127.0.0.1"));
			assertThat(events).extracting((e) -> Instant.parse(text(e, "occurredAt")))
				.isSortedAccordingTo(Comparator.reverseOrder());
			JsonNode issuance = events.get(4);
			assertThat(text(issuance, "roleArn")).isEqualTo(appRole);
			assertThat(text(issuance, "accessKeyId")).isEqualTo(issued.get("AccessKeyId").asString());
			// The endpoint renders whole seconds; the audit keeps what STS said (moto
			// adds microseconds).
			assertThat(Instant.parse(text(issuance, "expiration")).truncatedTo(ChronoUnit.SECONDS))
				.isEqualTo(Instant.parse(issued.get("Expiration").asString()));
			assertThat(text(events.get(1), "roleArn")).isEqualTo(appRole);
			assertThat(text(events.get(1), "accessKeyId")).isNull();
			assertThat(text(events.get(1), "detail")).contains("AccessDenied");
			assertThat(audit.body()).doesNotContain(secrets);

			Response billingOnly = it.admin().get("/admin/v1/audit?workload=billing");
			assertThat(list(billingOnly.json())).hasSize(4)
				.allSatisfy((e) -> assertThat(text(e, "workload")).isEqualTo("billing"));
			assertThat(list(it.admin().get("/admin/v1/audit?limit=1").json())).singleElement()
				.satisfies((e) -> assertThat(text(e, "action")).isEqualTo("DELETE /admin/v1/workloads/{name}"));
			for (String limit : List.of("0", "1001", "-1")) {
				Response refused = it.admin().get("/admin/v1/audit?limit=" + limit);
				assertThat(refused.status()).as(limit + ": " + refused).isEqualTo(400);
				assertThat(ProxiedBroker.fieldErrors(refused, "limit")).isNotEmpty();
			}
			assertThat(it.admin().get("/admin/v1/audit?limit=many").status()).isEqualTo(400);
			Response badName = it.admin().get("/admin/v1/audit?workload=Not_A_Name");
			assertThat(badName.status()).as(badName.toString()).isEqualTo(400);
			assertThat(ProxiedBroker.fieldErrors(badName, "workload")).isNotEmpty();
		}

		List<String> rows = query(dataDir, "SELECT * FROM audit_events ORDER BY id");
		assertThat(rows).hasSize(events.size());
		assertThat(String.join("\n", rows)).doesNotContain(secrets);
		assertThat(String.join("\n", query(dataDir, "SCRIPT"))).as("nothing in the store holds a plain secret")
			.doesNotContain(secrets);

		List<Tuple> oldestFirst = new ArrayList<>();
		events.forEach((e) -> oldestFirst.add(0,
				tuple(text(e, "action"), text(e, "actor"), text(e, "outcome"), text(e, "accessKeyId"))));
		List<JsonNode> logged = output.getAll()
			.lines()
			.filter((line) -> line.contains(" credbroker.audit ") && line.contains("{\"audit\""))
			.map((line) -> JSON.readTree(line.substring(line.indexOf("{\"audit\""))))
			.toList();
		assertThat(logged)
			.extracting((e) -> text(e, "audit"), (e) -> text(e, "actor"), (e) -> text(e, "outcome"),
					(e) -> text(e, "accessKeyId"))
			.containsExactlyElementsOf(oldestFirst);
		assertThat(output.getAll()).doesNotContain(secrets);
	}

	private static List<JsonNode> list(JsonNode array) {
		assertThat(array.isArray()).as(array.toString()).isTrue();
		return array.valueStream().toList();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	/**
	 * Every row of the query, each as one line of its column values, from the stopped
	 * broker's H2 file.
	 */
	private static List<String> query(Path dataDir, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("credbroker"), "sa", "");
				Statement statement = db.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				StringBuilder row = new StringBuilder();
				for (int i = 1; i <= columns; i++) {
					row.append(result.getString(i)).append(" | ");
				}
				rows.add(row.toString());
			}
		}
		return rows;
	}

	@Test
	void anAdminRequestWithAnInvalidNameOfAnyLengthIsAudited(@TempDir Path dataDir) {
		try (BrokerApp broker = BrokerApp.on(dataDir).unreachableSts().start()) {
			for (int length : new int[] { 64, 100, 256, 300, 5000 }) {
				String name = "w".repeat(length);
				Response refused = broker.admin().put("/admin/v1/workloads/" + name, "{}");
				assertThat(refused.status()).as(refused.toString()).isEqualTo(400);

				Response audit = broker.admin().get("/admin/v1/audit?limit=5");
				assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
				JsonNode event = list(audit.json()).get(0);
				assertThat(text(event, "action")).isEqualTo("PUT /admin/v1/workloads/{name}");
				assertThat(text(event, "outcome")).isEqualTo("http-400");
				String recorded = text(event, "workload");
				if (length <= 256) {
					assertThat(recorded).as("%d characters", length).isEqualTo(name);
				}
				else {
					assertThat(recorded).as("%d characters", length)
						.hasSize(256)
						.startsWith("w".repeat(255))
						.endsWith(ColumnWidths.CUT_MARKER);
				}
			}
		}
	}

	@Test
	void repeatedIdenticalFailuresOfAWorkloadAreOneEventWithACount(@TempDir Path dataDir, CapturedOutput output) {
		try (BrokerApp broker = failingFast(BrokerApp.on(dataDir)).start()) {
			AdminSteps steps = new AdminSteps(broker);
			String app = steps.createSourceAndWorkload("main", "app");
			String other = steps.createWorkload("other", AdminBodies.assumeRole("main"));
			for (int i = 0; i < 5; i++) {
				ContainerEndpoint.assertAccepted(broker, app);
			}
			ContainerEndpoint.assertAccepted(broker, other);
			ContainerEndpoint.assertAccepted(broker, other);

			// A failed issuance is recorded once its STS call has failed, which may be
			// just
			// after the endpoint's 503.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(list(broker.admin().get("/admin/v1/audit").json()))
					.filteredOn((e) -> "issue".equals(text(e, "action")))
					.extracting((e) -> text(e, "workload"), (e) -> text(e, "outcome"), (e) -> e.get("count").asLong())
					.containsExactly(tuple("other", "UpstreamUnavailable", 2L),
							tuple("app", "UpstreamUnavailable", 5L)));
			List<JsonNode> events = list(broker.admin().get("/admin/v1/audit").json());
			assertThat(events).filteredOn((e) -> "admin".equals(text(e, "actor")))
				.isNotEmpty()
				.allSatisfy((e) -> assertThat(e.get("count").asLong()).isEqualTo(1));
		}
		List<JsonNode> logged = auditLines(output).stream()
			.filter((e) -> "app".equals(text(e, "workload")) && "issue".equals(text(e, "audit")))
			.toList();
		assertThat(logged).as("the first failure at once, the count when its interval closes (here: at stop)")
			.extracting((e) -> e.get("count").asLong(), (e) -> e.has("last"))
			.containsExactly(tuple(1L, false), tuple(5L, true));
		assertThat(text(logged.get(1), "time")).isEqualTo(text(logged.get(0), "time"));
	}

	@Test
	void withCoalescingOffEveryFailureIsItsOwnEvent(@TempDir Path dataDir) {
		try (BrokerApp broker = failingFast(BrokerApp.on(dataDir)).property("credbroker.audit.coalesce-interval", "0")
			.start()) {
			String app = new AdminSteps(broker).createSourceAndWorkload("main", "app");
			for (int i = 0; i < 3; i++) {
				ContainerEndpoint.assertAccepted(broker, app);
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(list(broker.admin().get("/admin/v1/audit?workload=app").json()))
					.filteredOn((e) -> "issue".equals(text(e, "action")))
					.extracting((e) -> e.get("count").asLong())
					.containsExactly(1L, 1L, 1L));
		}
	}

	@Test
	void eventsPastTheRetentionAreDeleted(@TempDir Path dataDir, CapturedOutput output) {
		try (BrokerApp broker = BrokerApp.on(dataDir)
			.unreachableSts()
			.property("credbroker.audit.retention", "30d")
			.property("credbroker.audit.prune-interval", "1s")
			.start()) {
			new AdminSteps(broker).createSourceAndWorkload("main", "app");
			Instant now = Instant.now();
			TransactionTemplate inOneTransaction = new TransactionTemplate(
					broker.bean(PlatformTransactionManager.class));
			inOneTransaction.executeWithoutResult((status) -> {
				JdbcTemplate jdbc = broker.bean(JdbcTemplate.class);
				String insert = "INSERT INTO audit_events (occurred_at, actor, action, outcome, detail) "
						+ "VALUES (?, 'admin', 'old', 'success', ?)";
				jdbc.batchUpdate(insert, Collections.nCopies(2500,
						new Object[] { Timestamps.toDb(now.minus(Duration.ofDays(31))), "expired" }));
				jdbc.update(insert, Timestamps.toDb(now.minus(Duration.ofDays(29))), "kept");
			});

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<JsonNode> events = list(broker.admin().get("/admin/v1/audit?limit=1000").json());
				assertThat(events).extracting((e) -> text(e, "detail")).doesNotContain("expired").contains("kept");
				assertThat(events).extracting((e) -> text(e, "action"))
					.contains("PUT /admin/v1/sources/{name}", "PUT /admin/v1/workloads/{name}");
			});
		}
		assertThat(output.getAll()).contains("Deleted 2500 audit events older than");
	}

	@Test
	void aRetentionThatIsNotPositiveIsRefusedAtStart(@TempDir Path dataDir) {
		for (String retention : List.of("0", "-1d")) {
			assertThatThrownBy(() -> BrokerApp.on(dataDir).property("credbroker.audit.retention", retention).start())
				.as(retention)
				.rootCause()
				.hasMessageContaining("credbroker.audit.retention")
				.hasMessageContaining("must be a positive duration");
		}
	}

	/**
	 * Unreachable STS, one attempt per issuance and a breaker that stays closed: every
	 * credentials request fails at once with the same UpstreamUnavailable.
	 */
	private static BrokerApp failingFast(BrokerApp broker) {
		// A deadline far past the refused connection: each request waits for its own
		// failed issuance instead of joining one still in flight.
		return broker.unreachableSts()
			.property("credbroker.endpoint.deadline", "10s")
			.property("credbroker.sts.retry.max-attempts", 1)
			.property("credbroker.sts.circuit-breaker.minimum-number-of-calls", 1000)
			.property("credbroker.sts.circuit-breaker.sliding-window-size", 1000);
	}

	private static List<JsonNode> auditLines(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains(" credbroker.audit ") && line.contains("{\"audit\""))
			.map((line) -> JSON.readTree(line.substring(line.indexOf("{\"audit\""))))
			.toList();
	}

}
