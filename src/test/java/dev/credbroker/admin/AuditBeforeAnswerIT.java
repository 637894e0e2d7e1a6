package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * An admin change is answered only once its audit event is stored too, so that a broker
 * killed right after the answer loses neither. The event is written after the controller
 * ({@code AdminAuditInterceptor.afterCompletion}), but Tomcat ends the chunked answer
 * only when the request is done: this guards that order. A trigger makes every audit
 * insert take a second; the event must already be in the store when the {@code 201}
 * arrives.
 */
class AuditBeforeAnswerIT {

	@TempDir
	Path dataDir;

	@Test
	void theAuditEventOfAChangeIsStoredBeforeTheAnswer() throws Exception {
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				BrokerApp broker = BrokerApp.on(this.dataDir)
					.postgres(database)
					.masterKey(randomMasterKey())
					.unreachableSts()
					.start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
			try (Connection store = open(database); Statement statement = store.createStatement()) {
				statement.execute("""
						CREATE FUNCTION slow_audit() RETURNS trigger AS $$
						BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$ LANGUAGE plpgsql""");
				statement.execute("""
						CREATE TRIGGER slow_audit BEFORE INSERT ON audit_events
						FOR EACH ROW EXECUTE FUNCTION slow_audit()""");

				long started = System.nanoTime();
				new AdminSteps(broker).createWorkload("app", AdminBodies.assumeRole("main"));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the trigger held the audit insert")
					.isGreaterThanOrEqualTo(Duration.ofMillis(900));

				try (ResultSet rows = statement.executeQuery(
						"SELECT action, outcome FROM audit_events WHERE workload = 'app' AND actor = 'admin'")) {
					assertThat(rows.next()).as("the audit event is stored when the 201 arrives").isTrue();
					assertThat(rows.getString("action")).isEqualTo("PUT /admin/v1/workloads/{name}");
					assertThat(rows.getString("outcome")).isEqualTo("success");
				}
			}
		}
	}

	private static Connection open(PostgresDatabase database) throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
	}

	private static String randomMasterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
