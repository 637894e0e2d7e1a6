package dev.credbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.crypto.MasterKeyException;
import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;

/**
 * The store contract on the embedded H2 default, plus what only it does: generate and
 * keep the master key file (refusing one others may read, never replacing a lost one),
 * and keep its data directory private.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreIT extends StoreContract {

	@Override
	protected BrokerApp broker() {
		return BrokerApp.on(this.dataDir).unreachableSts();
	}

	@Override
	protected Connection openStore() throws SQLException {
		return DriverManager.getConnection("jdbc:h2:file:" + this.dataDir.resolve("credbroker"), "sa", "");
	}

	@Test
	void firstStartGeneratesAPrivateMasterKeyFileAndSaysSo(CapturedOutput output) throws Exception {
		Path keyFile = this.dataDir.resolve("master.key");
		assertThat(keyFile).doesNotExist();
		try (BrokerApp broker = broker().adminToken(null).start()) {
			assertThat(keyFile).exists();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
			assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32);
			assertThat(output.getAll()).contains("Generated a new master key in " + keyFile.toAbsolutePath());
			assertThat(output.getAll()).doesNotContain("Using generated security password");
		}
		String key = Files.readString(keyFile);
		int logged = output.getAll().length();
		try (BrokerApp broker = broker().start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
		}
		assertThat(Files.readString(keyFile)).as("the key is kept, not regenerated").isEqualTo(key);
		assertThat(output.getAll().substring(logged)).doesNotContain("Generated a new master key");
	}

	@Test
	void aMasterKeyThatIsNot32BytesFailsClearly() {
		String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatThrownBy(() -> broker().masterKey(tooShort).start()).rootCause()
			.hasMessageContaining("CREDBROKER_MASTER_KEY")
			.hasMessageContaining("must be 32 bytes");
		assertThatThrownBy(() -> broker().masterKey("not base64 at all!").start()).rootCause()
			.hasMessageContaining("CREDBROKER_MASTER_KEY")
			.hasMessageContaining("not valid base64");
	}

	@Test
	void anUnusableMasterKeyIsReportedAsAProblemAndItsFixNotAStackTrace(CapturedOutput output) {
		String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatThrownBy(() -> broker().masterKey(tooShort).start()).rootCause()
			.isInstanceOf(MasterKeyException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("The master key from CREDBROKER_MASTER_KEY must be 32 bytes")
			.contains("Action:")
			.contains("openssl rand -base64 32")
			.doesNotContain(tooShort)
			.doesNotContain("Application run failed");
	}

	@Test
	void theDataDirectoryIsCreatedPrivateAndTheStoreFilesAreOwnerOnly() throws Exception {
		Path data = this.dataDir.resolve("fresh");
		try (BrokerApp broker = BrokerApp.on(data).unreachableSts().start()) {
			new AdminSteps(broker).createSourceAndWorkload("main", "app");
			assertPrivate(data);
		}
		assertPrivate(data);
	}

	@Test
	void anExposedDataDirectoryIsTightenedAtStart(CapturedOutput output) throws Exception {
		try (BrokerApp broker = broker().start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
		}
		Path store = this.dataDir.resolve("credbroker.mv.db");
		Files.setPosixFilePermissions(this.dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
		try (BrokerApp broker = broker().start()) {
			assertPrivate(this.dataDir);
			assertThat(output.getAll()).contains("Restricted " + store.toAbsolutePath() + " to its owner");
		}
	}

	@Test
	void aKeyFileOtherUsersMayReadStopsTheStartNamingTheChmodToRun(CapturedOutput output) throws Exception {
		try (BrokerApp broker = broker().start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
		}
		Path keyFile = this.dataDir.resolve("master.key").toAbsolutePath();
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		BrokerApp exposed = broker();
		assertThatThrownBy(exposed::start).rootCause()
			.isInstanceOf(MasterKeyException.class)
			.hasMessageContaining("chmod 600 " + keyFile);
		assertThat(exposed.isRunning()).isFalse();
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("The master key file " + keyFile + " can be read or written by other users")
			.contains("chmod 600 " + keyFile);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-r--r--");
	}

	@Test
	void aLostKeyFileIsNotReplacedByANewKey(CapturedOutput output) throws Exception {
		try (BrokerApp broker = broker().start()) {
			new AdminSteps(broker).putSource("main", AdminBodies.staticSource());
		}
		Path keyFile = this.dataDir.resolve("master.key").toAbsolutePath();
		Files.delete(keyFile);
		int logged = output.getAll().length();
		assertThatThrownBy(() -> broker().start()).rootCause()
			.isInstanceOf(MasterKeyException.class)
			.hasMessageContaining("is missing");
		assertThat(keyFile).as("no decoy key is left behind").doesNotExist();
		String log = output.getAll().substring(logged);
		assertThat(log).doesNotContain("Generated a new master key")
			.contains("APPLICATION FAILED TO START")
			.contains("The master key file " + keyFile + " is missing, but the store already holds secrets")
			.contains("Restore " + keyFile + " from your backup")
			.doesNotContain("key mismatch");
	}

	@Test
	void aCorruptMasterKeyFileFailsClearly() throws Exception {
		Files.createDirectories(this.dataDir);
		Files.writeString(this.dataDir.resolve("master.key"), "c2hvcnQ=\n");
		Files.setPosixFilePermissions(this.dataDir.resolve("master.key"), PosixFilePermissions.fromString("rw-------"));
		assertThatThrownBy(() -> broker().start()).rootCause()
			.hasMessageContaining(this.dataDir.resolve("master.key").toString())
			.hasMessageContaining("must be 32 bytes");
	}

	private static void assertPrivate(Path dir) throws Exception {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		try (var files = Files.list(dir)) {
			List<Path> all = files.filter(Files::isRegularFile).toList();
			assertThat(all).as("the store and key files").isNotEmpty();
			for (Path file : all) {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file)
					.isEqualTo("rw-------");
			}
		}
	}

}
