package dev.credbroker.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoServer;

/**
 * A master key rotation on the embedded store, end to end: moto checks every signature,
 * so a source issues credentials only while its secret key opens. The store-level
 * guarantees (every value re-sealed, on H2 and PostgreSQL) are in {@code StoreContract}.
 */
class MasterKeyRotationIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	@TempDir
	Path dataDir;

	@Test
	void afterAResealTheNewKeyAloneIssuesCredentials() throws Exception {
		String token;
		try (BrokerApp broker = BrokerScenario.broker(this.dataDir, moto.endpoint()).start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.staticSource("main", moto.iam().broker());
			token = scenario.assumeRole("app", "main", moto.iam().appRoleArn());
			scenario.okCredentials(token);
		}
		Path keyFile = this.dataDir.resolve("master.key");
		String oldKey = Files.readString(keyFile).trim();
		String newKey = randomMasterKey();
		Files.writeString(keyFile, newKey + "\n");

		try (BrokerApp broker = BrokerScenario.broker(this.dataDir, moto.endpoint())
			.property("credbroker.master.previous-keys", oldKey)
			.start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.okCredentials(token);
			Response reseal = scenario.adminPost("/admin/v1/master-key/reseal", null);
			assertThat(reseal.status()).as("%s", reseal).isEqualTo(200);
			assertThat(reseal.body()).isEqualTo("{\"sources\":1,\"mfaSessions\":0,\"masterKeyCheck\":1,\"total\":2}");
		}

		try (BrokerApp broker = BrokerScenario.broker(this.dataDir, moto.endpoint()).start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			assertThat(scenario.adminGet("/admin/v1/sources/main").status()).isEqualTo(200);
			scenario.okCredentials(token);
		}
	}

	@Test
	void aValueNoConfiguredKeyOpensFailsTheResealAndChangesNothing() throws Exception {
		try (BrokerApp broker = BrokerScenario.broker(this.dataDir, moto.endpoint()).start()) {
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.staticSource("a", moto.iam().broker());
			scenario.staticSource("b", moto.iam().broker());
		}
		// Each value is bound to its row: swapped, neither opens under any key.
		String a = sealedSecret("a");
		String b = sealedSecret("b");
		update("UPDATE sources SET secret_access_key_sealed = '" + b + "' WHERE name = 'a'");
		update("UPDATE sources SET secret_access_key_sealed = '" + a + "' WHERE name = 'b'");
		String check = single("SELECT sealed FROM master_key_check");

		try (BrokerApp broker = BrokerScenario.broker(this.dataDir, moto.endpoint()).start()) {
			Response reseal = broker.admin().post("/admin/v1/master-key/reseal", null);
			assertThat(reseal.status()).as("%s", reseal).isEqualTo(409);
			assertThat(reseal.json().get("detail").asString()).contains("source/a/secretAccessKey")
				.contains("Nothing was re-sealed")
				.contains("CREDBROKER_MASTER_PREVIOUS_KEYS");
		}
		assertThat(sealedSecret("a")).isEqualTo(b);
		assertThat(single("SELECT sealed FROM master_key_check")).as("rolled back").isEqualTo(check);
	}

	private String sealedSecret(String source) throws Exception {
		return single("SELECT secret_access_key_sealed FROM sources WHERE name = '" + source + "'");
	}

	private String single(String sql) throws Exception {
		try (Connection store = openStore();
				Statement statement = store.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).as(sql).isTrue();
			return rows.getString(1);
		}
	}

	private void update(String sql) throws Exception {
		try (Connection store = openStore(); Statement statement = store.createStatement()) {
			assertThat(statement.executeUpdate(sql)).as(sql).isEqualTo(1);
		}
	}

	private Connection openStore() throws Exception {
		return DriverManager.getConnection("jdbc:h2:file:" + this.dataDir.resolve("credbroker"), "sa", "");
	}

	private static String randomMasterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
