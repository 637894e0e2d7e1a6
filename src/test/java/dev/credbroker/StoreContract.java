package dev.credbroker;

import static dev.credbroker.testsupport.AdminBodies.SECRET_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.common.ColumnWidths;
import dev.credbroker.crypto.MasterKeyMismatchException;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson.Response;

/**
 * What every store must do (SPEC.md "Storage and secrets at rest"), run against the
 * embedded H2 store by {@code StoreIT} and against PostgreSQL by {@code PostgresStoreIT}:
 * data and tokens survive a restart, secrets are sealed at rest, tokens are stored only
 * as hashes, and a wrong master key stops the broker at start.
 */
abstract class StoreContract {

	private static final List<String> TABLES = List.of("sources", "mfa_sessions", "workloads", "audit_events",
			"master_key_check");

	@TempDir
	Path dataDir;

	/** A broker on this test's store, configured but not started; STS unreachable. */
	protected abstract BrokerApp broker();

	/**
	 * A plain JDBC connection to this test's store; the broker is stopped first where the
	 * store needs it.
	 */
	protected abstract Connection openStore() throws SQLException;

	@Test
	void sourcesWorkloadsAndTokensSurviveARestart() {
		try (BrokerApp broker = broker().start()) {
			AdminSteps steps = new AdminSteps(broker);
			steps.putSource("main", AdminBodies.staticSource());
			steps.putSource("mfa", AdminBodies.staticSourceWithMfa());
			steps.putSource("chain", AdminBodies.defaultChainSource());
			steps.putSource("ops", AdminBodies.profileSource("ops"));
			String rotatedOut = steps.createWorkload("app",
					AdminBodies.assumeRole("main")
						.with("sessionPolicy", AdminBodies.SESSION_POLICY)
						.with("sessionTags", Map.of("team", "data")));
			String current = broker.admin().post("/admin/v1/workloads/app/token", null).json().get("token").asString();
			String disabled = steps.createWorkload("off", AdminBodies.sessionToken("main").with("enabled", false));
			String sourcesBefore = broker.admin().get("/admin/v1/sources").body();
			String workloadsBefore = broker.admin().get("/admin/v1/workloads").body();

			broker.restart();

			assertThat(broker.admin().get("/admin/v1/sources").body()).isEqualTo(sourcesBefore);
			assertThat(broker.admin().get("/admin/v1/workloads").body()).isEqualTo(workloadsBefore);
			assertThat(broker.bean(SourceCatalog.class).get("main").secretAccessKey().reveal())
				.as("the sealed secret opens again after a restart")
				.isEqualTo(SECRET_ACCESS_KEY);
			ContainerEndpoint.assertAccepted(broker, current);
			ContainerEndpoint.assertAccepted(broker, rotatedOut);
			Response off = ContainerEndpoint.call(broker, disabled);
			assertThat(off.status()).isEqualTo(403);
			ContainerEndpoint.assertError(off, "WorkloadDisabled");
			ContainerEndpoint.assertUnauthorized(broker, "cbw_" + "B".repeat(43));
		}
	}

	@Test
	void valuesAreCheckedAgainstThisStoresColumnWidthsAndAuditValuesCutToFit() {
		try (BrokerApp broker = broker().start()) {
			Response tooLong = broker.admin()
				.put("/admin/v1/sources/long",
						AdminBodies.staticSource().with("region", "us-" + "east".repeat(20) + "-1").toString());
			assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
			assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("region");

			String name = "w".repeat(300);
			assertThat(broker.admin().put("/admin/v1/workloads/" + name, "{}").status()).isEqualTo(400);
			String audited = broker.admin().get("/admin/v1/audit?limit=1").json().get(0).get("workload").asString();
			assertThat(audited).hasSize(256).endsWith(ColumnWidths.CUT_MARKER);
		}
	}

	@Test
	void secretsAreSealedAndTokensOnlyHashedAtRest() throws Exception {
		String token;
		String rotatedOut;
		try (BrokerApp broker = broker().start()) {
			AdminSteps steps = new AdminSteps(broker);
			rotatedOut = steps.createSourceAndWorkload("main", "app");
			token = broker.admin().post("/admin/v1/workloads/app/token", null).json().get("token").asString();
			ContainerEndpoint.assertAccepted(broker, token);
		}
		try (Connection store = openStore()) {
			String sealed = single(store, "SELECT secret_access_key_sealed FROM sources WHERE name = 'main'");
			assertThat(sealed).startsWith("v1:");
			assertThat(single(store, "SELECT token_hash FROM workloads WHERE name = 'app'")).matches("[0-9a-f]{64}")
				.isEqualTo(sha256Hex(token));
			assertThat(single(store, "SELECT previous_token_hash FROM workloads WHERE name = 'app'"))
				.isEqualTo(sha256Hex(rotatedOut));
			List<String> everything = new ArrayList<>();
			for (String table : TABLES) {
				everything.addAll(allValues(store, table));
			}
			for (String plaintext : List.of(SECRET_ACCESS_KEY, token, rotatedOut)) {
				byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
				for (String form : List.of(plaintext, Base64.getEncoder().encodeToString(bytes),
						Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
						HexFormat.of().formatHex(bytes))) {
					assertThat(everything).noneMatch((value) -> value.contains(form));
				}
			}
		}
	}

	@Test
	void aWrongMasterKeyStopsTheBrokerAtStart() {
		try (BrokerApp broker = broker().start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
		}
		BrokerApp wrongKey = broker().masterKey(randomMasterKey());
		assertThatThrownBy(wrongKey::start).rootCause()
			.isInstanceOf(MasterKeyMismatchException.class)
			.hasMessageContaining("master key does not open the secrets")
			.hasMessageContaining("CREDBROKER_MASTER_KEY");
		assertThat(wrongKey.isRunning()).isFalse();
	}

	protected static String randomMasterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private static String single(Connection store, String sql) throws SQLException {
		try (Statement statement = store.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).as(sql).isTrue();
			return rows.getString(1);
		}
	}

	private static List<String> allValues(Connection store, String table) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = store.createStatement();
				ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
			int columns = rows.getMetaData().getColumnCount();
			while (rows.next()) {
				for (int i = 1; i <= columns; i++) {
					String value = rows.getString(i);
					if (value != null) {
						values.add(value);
					}
				}
			}
		}
		return values;
	}

	private static String sha256Hex(String value) throws NoSuchAlgorithmException {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

}
