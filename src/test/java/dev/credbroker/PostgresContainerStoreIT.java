package dev.credbroker;

import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.credbroker.testsupport.PostgresDatabase;

/**
 * The PostgreSQL store contract on a Testcontainers PostgreSQL, for contributors with
 * Docker: skipped without a Docker engine, where {@link PostgresStoreIT} covers the same
 * contract on the local PostgreSQL.
 */
@EnabledIf(value = "dev.credbroker.testsupport.DockerEngine#isAvailable", disabledReason = "no Docker engine")
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerStoreIT extends PostgresStoreIT {

	@Override
	protected PostgresDatabase newDatabase() {
		return PostgresDatabase.createInContainer();
	}

}
