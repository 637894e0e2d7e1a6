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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.common.ColumnWidths;
import dev.credbroker.crypto.MasterKeyMismatchException;
import dev.credbroker.crypto.Secret;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.ContainerEndpoint;
import dev.credbroker.testsupport.HttpJson.Response;

/**
 * What every store must do (docs/CONTRACT.md, "Storage"), run against the embedded H2
 * store by {@code StoreIT} and against PostgreSQL by {@code PostgresStoreIT}: data and
 * tokens survive a restart, secrets are sealed at rest, tokens are stored only as hashes,
 * a wrong master key stops the broker at start, and a master key rotation re-seals every
 * secret.
 */
abstract class StoreContract {

	private static final List<String> TABLES = List.of("sources", "mfa_sessions", "workloads", "audit_events",
			"master_key_check", "workload_rotated_tokens");

	private static final String MFA_SECRET = "mfaSessionSecretKeyEXAMPLE0123456789abcd";

	private static final String MFA_TOKEN = "FwoGZXIvYXdzEXAMPLEmfaSessionToken0123456789";

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
			assertThat(single(store, "SELECT token_hash FROM workload_rotated_tokens WHERE workload_name = 'app'"))
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

	@Test
	void aMasterKeyRotationResealsEverySecretSoThatTheNewKeyAloneOpensThem() throws Exception {
		String oldKey = randomMasterKey();
		String newKey = randomMasterKey();
		String token;
		try (BrokerApp broker = broker().masterKey(oldKey).start()) {
			AdminSteps steps = new AdminSteps(broker);
			token = steps.createSourceAndWorkload("main", "app");
			steps.putSource("mfa", AdminBodies.staticSourceWithMfa());
			broker.bean(MfaSessions.class)
				.save(new MfaSession("mfa", "ASIAEXAMPLEEXAMPLE01", Secret.of(MFA_SECRET), Secret.of(MFA_TOKEN),
						Instant.now().plus(Duration.ofHours(1))));
		}
		List<String> sealedBefore = sealedValues();
		assertThatThrownBy(() -> broker().masterKey(newKey).start()).as("the new key alone, before the reseal")
			.rootCause()
			.isInstanceOf(MasterKeyMismatchException.class);

		try (BrokerApp broker = broker().masterKey(newKey)
			.property("credbroker.master.previous-keys", oldKey)
			.start()) {
			assertThat(broker.bean(SourceCatalog.class).get("main").secretAccessKey().reveal())
				.as("opens under the previous key")
				.isEqualTo(SECRET_ACCESS_KEY);
			Response reseal = broker.admin().post("/admin/v1/master-key/reseal", null);
			assertThat(reseal.status()).as("%s", reseal).isEqualTo(200);
			assertThat(reseal.json().get("sources").asInt()).isEqualTo(2);
			assertThat(reseal.json().get("mfaSessions").asInt()).isEqualTo(1);
			assertThat(reseal.json().get("masterKeyCheck").asInt()).isEqualTo(1);
			assertThat(reseal.json().get("total").asInt()).isEqualTo(4);
			assertThat(reseal.body()).doesNotContain(SECRET_ACCESS_KEY).doesNotContain(MFA_SECRET);
			var audited = broker.admin().get("/admin/v1/audit?limit=1").json().get(0);
			assertThat(audited.get("action").asString()).isEqualTo("POST /admin/v1/master-key/reseal");
			assertThat(audited.get("actor").asString()).isEqualTo("admin");
			assertThat(audited.get("outcome").asString()).isEqualTo("success");
		}
		List<String> sealedAfter = sealedValues();
		assertThat(sealedAfter).hasSameSizeAs(sealedBefore).doesNotContainAnyElementsOf(sealedBefore);

		try (BrokerApp broker = broker().masterKey(newKey).start()) {
			assertThat(broker.admin().get("/admin/v1/sources").json().findValuesAsString("name"))
				.containsExactly("main", "mfa");
			assertThat(broker.bean(SourceCatalog.class).get("main").secretAccessKey().reveal())
				.isEqualTo(SECRET_ACCESS_KEY);
			MfaSession session = broker.bean(MfaSessions.class).current("mfa").orElseThrow();
			assertThat(session.secretAccessKey().reveal()).isEqualTo(MFA_SECRET);
			assertThat(session.sessionToken().reveal()).isEqualTo(MFA_TOKEN);
			ContainerEndpoint.assertAccepted(broker, token);
		}
		assertThatThrownBy(() -> broker().masterKey(oldKey).start()).as("the old key, after the reseal")
			.rootCause()
			.isInstanceOf(MasterKeyMismatchException.class);
	}

	private List<String> sealedValues() throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection store = openStore()) {
			values.addAll(column(store, "SELECT secret_access_key_sealed FROM sources ORDER BY name"));
			values.addAll(column(store, "SELECT secret_access_key_sealed FROM mfa_sessions"));
			values.addAll(column(store, "SELECT session_token_sealed FROM mfa_sessions"));
			values.addAll(column(store, "SELECT sealed FROM master_key_check"));
		}
		assertThat(values).hasSize(5).allMatch((value) -> value.startsWith("v1:"));
		return values;
	}

	private static List<String> column(Connection store, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = store.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
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
