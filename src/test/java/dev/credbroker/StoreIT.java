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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;

/**
 * The store contract on the embedded H2 default, plus what only it does: generate and
 * keep the master key file.
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
	void aCorruptMasterKeyFileFailsClearly() throws Exception {
		Files.createDirectories(this.dataDir);
		Files.writeString(this.dataDir.resolve("master.key"), "c2hvcnQ=\n");
		assertThatThrownBy(() -> broker().start()).rootCause()
			.hasMessageContaining(this.dataDir.resolve("master.key").toString())
			.hasMessageContaining("must be 32 bytes");
	}

}
