package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.Base64;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * A transaction whose connection the store ends mid-way (a store outage) fails with what
 * went wrong, not with the rollback that cannot reach the store any more, and without
 * Spring's ERROR "Application exception overridden by rollback exception".
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreTransactionManagerIT {

	@Test
	void aTransactionWhoseConnectionTheStoreEndsFailsWithItsOwnFailureAndNoErrorLine(@TempDir Path dataDir,
			CapturedOutput output) {
		try (PostgresDatabase database = PostgresDatabase.createOrSkip();
				BrokerApp broker = BrokerApp.on(dataDir)
					.unreachableSts()
					.postgres(database)
					.masterKey(Base64.getEncoder().encodeToString(new byte[32]))
					.start()) {
			TransactionTemplate transactions = new TransactionTemplate(broker.bean(PlatformTransactionManager.class));
			JdbcClient jdbc = JdbcClient.create(broker.bean(DataSource.class));

			assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> transactions
				.executeWithoutResult((status) -> jdbc.sql("SELECT pg_terminate_backend(pg_backend_pid())")
					.query(Boolean.class)
					.single()))
				.withMessageContaining("pg_terminate_backend");

			assertThat(output.getOut()).doesNotContain("overridden by rollback").doesNotContain(" ERROR ");
			assertThat(jdbc.sql("SELECT COUNT(*) FROM workloads").query(Integer.class).single())
				.as("the pool still answers")
				.isZero();
		}
	}

	@Test
	void aFailedTransactionOnALiveConnectionIsStillRolledBack() {
		try (PostgresDatabase database = PostgresDatabase.createOrSkip(); HikariDataSource pool = pool(database)) {
			TransactionTemplate transactions = new TransactionTemplate(new StoreTransactionManager(pool));
			JdbcClient jdbc = JdbcClient.create(pool);
			jdbc.sql("CREATE TABLE notes (text VARCHAR(20))").update();

			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> transactions.executeWithoutResult((status) -> {
					jdbc.sql("INSERT INTO notes VALUES ('half done')").update();
					throw new IllegalStateException("refused after the insert");
				}));

			assertThat(jdbc.sql("SELECT COUNT(*) FROM notes").query(Integer.class).single()).isZero();
		}
	}

	private static HikariDataSource pool(PostgresDatabase database) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(database.jdbcUrl());
		pool.setUsername(database.username());
		pool.setPassword(database.password());
		pool.setMaximumPoolSize(2);
		return pool;
	}

}
