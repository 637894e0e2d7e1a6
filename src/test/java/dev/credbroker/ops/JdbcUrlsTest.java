package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "jdbc:postgresql://db:5432/broker | jdbc:postgresql://db:5432/broker",
			"jdbc:postgresql://db:5432/broker?user=app&password=s3cret | jdbc:postgresql://db:5432/broker",
			"jdbc:postgresql://db:5432/broker?ssl=true&password=s3cret&sslmode=verify-full | jdbc:postgresql://db:5432/broker?ssl=true&sslmode=verify-full",
			"jdbc:postgresql://db:5432/broker?PASSWORD=s3cret&ssl=true | jdbc:postgresql://db:5432/broker?ssl=true",
			"jdbc:postgresql://app:s3cret@db:5432/broker?sslpassword=k3y | jdbc:postgresql://db:5432/broker",
			"jdbc:postgresql://db1:5432,db2:5432/broker?targetServerType=primary&user=app | jdbc:postgresql://db1:5432,db2:5432/broker?targetServerType=primary",
			"jdbc:sqlserver://db:1433;databaseName=broker;user=app;password=s3cret | jdbc:sqlserver://db:1433;databaseName=broker",
			"jdbc:h2:tcp://db/broker;USER=sa;PASSWORD=s3cret | jdbc:h2:tcp://db/broker" })
	void credentialsAreLeftOut(String url, String shown) {
		assertThat(JdbcUrls.withoutCredentials(url)).isEqualTo(shown).doesNotContain("s3cret", "k3y", "app:");
		assertThat(JdbcUrls.describeStore(url)).isEqualTo(shown);
	}

	@Test
	void anH2FileIsNamedByItsAbsolutePath() {
		assertThat(JdbcUrls.describeStore("jdbc:h2:file:./data/credbroker;DB_CLOSE_ON_EXIT=FALSE"))
			.isEqualTo("H2 file " + Path.of("data/credbroker").toAbsolutePath());
		assertThat(JdbcUrls.describeStore("jdbc:h2:file:/srv/broker/credbroker;PASSWORD=s3cret"))
			.isEqualTo("H2 file /srv/broker/credbroker");
		assertThat(JdbcUrls.describeStore("jdbc:h2:~/broker"))
			.isEqualTo("H2 file " + Path.of(System.getProperty("user.home"), "broker"));
		assertThat(JdbcUrls.describeStore("jdbc:h2:mem:test;USER=sa")).isEqualTo("H2 in memory");
		assertThat(JdbcUrls.describeStore(null)).isEqualTo("none configured");
	}

}
