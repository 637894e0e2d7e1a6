package dev.credbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * The store contract on PostgreSQL (a fresh database per test), where the master key must
 * be given explicitly.
 */
class PostgresStoreIT extends StoreContract {

	private final String masterKey = randomMasterKey();

	private PostgresDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = newDatabase();
	}

	/** The local PostgreSQL (or a Testcontainers one when only Docker is there). */
	protected PostgresDatabase newDatabase() {
		return PostgresDatabase.createOrSkip();
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Override
	protected BrokerApp broker() {
		return BrokerApp.on(this.dataDir).postgres(this.database).masterKey(this.masterKey).unreachableSts();
	}

	@Override
	protected Connection openStore() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(), this.database.password());
	}

	@Test
	void startingWithoutAMasterKeyFailsNamingCredbrokerMasterKey() {
		assertThatThrownBy(() -> broker().masterKey(null).start()).rootCause()
			.hasMessageContaining("CREDBROKER_MASTER_KEY");
		assertThat(this.dataDir.resolve("master.key")).as("no key file is generated for a shared store").doesNotExist();
	}

}
