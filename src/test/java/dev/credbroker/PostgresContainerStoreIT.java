package dev.credbroker;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.credbroker.testsupport.PostgresDatabase;

/**
 * The PostgreSQL store contract on a Testcontainers PostgreSQL, for contributors with
 * Docker: skipped without a Docker engine, where {@link PostgresStoreIT} covers the same
 * contract on the local PostgreSQL.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerStoreIT extends PostgresStoreIT {

	@Override
	protected PostgresDatabase newDatabase() {
		return PostgresDatabase.createInContainer();
	}

}
