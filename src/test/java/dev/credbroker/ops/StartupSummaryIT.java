package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * The one INFO line a broker logs once it serves: address, admin API, store and STS, no
 * credential.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSummaryIT {

	@Test
	void anEmbeddedStoreBrokerSaysWhereItListensAndWhatItUses(@TempDir Path dataDir, CapturedOutput output) {
		try (BrokerApp broker = BrokerApp.on(dataDir).stsEndpoint(URI.create("http://127.0.0.1:4566")).start()) {
			assertThat(summaries(output)).singleElement()
				.asString()
				.endsWith("Credential Broker ready: http://127.0.0.1:" + broker.port()
						+ " (admin API on), store H2 file " + dataDir.toAbsolutePath().normalize().resolve("credbroker")
						+ ", STS http://127.0.0.1:4566 (us-east-1)");
		}
	}

	@Test
	void aPostgresBrokerWithoutAdminTokenShowsNeitherPasswordNorAdminApi(@TempDir Path dataDir, CapturedOutput output) {
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				BrokerApp broker = BrokerApp.on(dataDir)
					.postgres(database)
					.masterKey(Base64.getEncoder().encodeToString(new byte[32]))
					.property("spring.datasource.url", database.jdbcUrl() + "?password=never-logged-pw")
					.adminToken(null)
					.property("credbroker.sts.region", "eu-west-1")
					.start()) {
			assertThat(summaries(output)).singleElement()
				.asString()
				.endsWith("Credential Broker ready: http://127.0.0.1:" + broker.port() + " (admin API off), store "
						+ database.jdbcUrl() + ", STS https://sts.eu-west-1.amazonaws.com (eu-west-1)");
			assertThat(output.getAll()).doesNotContain("never-logged-pw");
		}
	}

	private static List<String> summaries(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("Credential Broker ready:")).toList();
	}

}
