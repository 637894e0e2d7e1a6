package dev.credbroker.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, uniquely named database on the PostgreSQL at {@code 127.0.0.1:5432} (trust auth, user postgres), dropped
 * on close, so test runs never see each other's rows. {@link #createOrSkip()} skips the test with a clear message
 * when no PostgreSQL answers there. Host, port and user can be changed with {@code CREDBROKER_TEST_PG_*}.
 */
public final class PostgresDatabase implements AutoCloseable {

	private static final String HOST = env("CREDBROKER_TEST_PG_HOST", "127.0.0.1");

	private static final String PORT = env("CREDBROKER_TEST_PG_PORT", "5432");

	private static final String USER = env("CREDBROKER_TEST_PG_USER", "postgres");

	private final String name;

	private PostgresDatabase(String name) {
		this.name = name;
	}

	public static PostgresDatabase createOrSkip() {
		String name = "credbroker_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			Assumptions.abort("PostgreSQL is not reachable at " + HOST + ":" + PORT + " as " + USER
					+ " (" + ex.getMessage() + "); skipping the PostgreSQL store tests");
		}
		return new PostgresDatabase(name);
	}

	public String jdbcUrl() {
		return url(this.name);
	}

	public String username() {
		return USER;
	}

	public String name() {
		return this.name;
	}

	@Override
	public void close() {
		try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
				Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			// Leaving a uniquely named database behind harms no other run.
		}
	}

	private static String url(String database) {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
