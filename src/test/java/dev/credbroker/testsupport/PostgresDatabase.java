package dev.credbroker.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, uniquely named database on the PostgreSQL at {@code 127.0.0.1:5432} (trust
 * auth, user postgres), dropped on close, so test runs never see each other's rows.
 * Without a PostgreSQL there, a Testcontainers PostgreSQL is used when a Docker engine
 * exists; otherwise {@link #createOrSkip()} skips the test with a clear message. Host,
 * port and user can be changed with {@code CREDBROKER_TEST_PG_*}.
 */
public final class PostgresDatabase implements AutoCloseable {

	private static final String HOST = env("CREDBROKER_TEST_PG_HOST", "127.0.0.1");

	private static final String PORT = env("CREDBROKER_TEST_PG_PORT", "5432");

	private static final String USER = env("CREDBROKER_TEST_PG_USER", "postgres");

	private final String name;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	PostgresDatabase(String name, String jdbcUrl, String username, String password) {
		this.name = name;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
	}

	public static PostgresDatabase createOrSkip() {
		String name = "credbroker_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			if (PostgresContainer.isDockerAvailable()) {
				return PostgresContainer.shared().createDatabase(name);
			}
			Assumptions.abort("PostgreSQL is not reachable at " + HOST + ":" + PORT + " as " + USER + " ("
					+ ex.getMessage() + ") and there is no Docker engine for a Testcontainers PostgreSQL; "
					+ "skipping the PostgreSQL tests");
		}
		return new PostgresDatabase(name, url(name), USER, "");
	}

	/**
	 * A fresh database in the shared Testcontainers PostgreSQL (callers check for Docker
	 * first).
	 */
	public static PostgresDatabase createInContainer() {
		String name = "credbroker_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		return PostgresContainer.shared().createDatabase(name);
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * This database's JDBC URL with its host and port replaced by {@code proxy}'s (which
	 * must lead to this database's server).
	 */
	public String jdbcUrlThrough(TcpProxy proxy) {
		return "jdbc:postgresql://127.0.0.1:" + proxy.port() + this.jdbcUrl.substring(this.jdbcUrl.lastIndexOf('/'));
	}

	/** A proxy in front of this database's server, for outage drills. */
	public TcpProxy proxy() {
		String hostAndPort = this.jdbcUrl.substring("jdbc:postgresql://".length(), this.jdbcUrl.lastIndexOf('/'));
		int colon = hostAndPort.lastIndexOf(':');
		return TcpProxy.to(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	public String name() {
		return this.name;
	}

	@Override
	public void close() {
		String adminUrl = this.jdbcUrl.substring(0, this.jdbcUrl.lastIndexOf('/') + 1) + "postgres";
		try (Connection admin = DriverManager.getConnection(adminUrl, this.username, this.password);
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

	/**
	 * Refuses (or allows again) new connections to this database and, when refusing, ends
	 * the sessions open on it: a store outage as the broker sees it.
	 */
	public void allowConnections(boolean allow) {
		String adminUrl = jdbcUrl().substring(0, jdbcUrl().lastIndexOf('/') + 1) + "postgres";
		try (java.sql.Connection admin = java.sql.DriverManager.getConnection(adminUrl, username(), "");
				java.sql.Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + name() + " WITH ALLOW_CONNECTIONS " + allow);
			if (!allow) {
				statement
					.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name() + "'");
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("Could not change connections to " + name(), ex);
		}
	}

}
