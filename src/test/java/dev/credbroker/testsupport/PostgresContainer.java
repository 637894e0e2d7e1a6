package dev.credbroker.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One Testcontainers PostgreSQL for the whole test run, for contributors with Docker but
 * no local PostgreSQL. Each test still gets its own database in it.
 */
final class PostgresContainer {

	private static PostgresContainer shared;

	private final PostgreSQLContainer container;

	private PostgresContainer() {
		this.container = new PostgreSQLContainer("postgres:16-alpine");
		this.container.start();
	}

	static boolean isDockerAvailable() {
		return DockerEngine.isAvailable();
	}

	static synchronized PostgresContainer shared() {
		if (shared == null) {
			shared = new PostgresContainer();
		}
		return shared;
	}

	PostgresDatabase createDatabase(String name) {
		try (Connection admin = DriverManager.getConnection(this.container.getJdbcUrl(), this.container.getUsername(),
				this.container.getPassword()); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create a database in the PostgreSQL container", ex);
		}
		String url = "jdbc:postgresql://" + this.container.getHost() + ":" + this.container.getFirstMappedPort() + "/"
				+ name;
		return new PostgresDatabase(name, url, this.container.getUsername(), this.container.getPassword());
	}

}
