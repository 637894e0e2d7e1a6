package dev.credbroker.ops;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;

/**
 * Where Hikari's pool gets its connections from, so that it reconnects within
 * {@link #RETRY_EVERY} of the store's return. Hikari's own loop that adds connections
 * sleeps between failed attempts with a backoff that doubles up to 5 s, so after an
 * outage of more than a few seconds the pool would come back up to 5 s after the store
 * does. Here a connection failure, once the pool has connected at least once, is retried
 * every {@link #RETRY_EVERY} within the one attempt Hikari makes (on its own thread,
 * never a request's), so its backoff never grows. Start-up is left as it was: the first
 * connection fails at once ({@link StoreStartupWait} waits for it).
 */
final class PatientConnections implements DataSource {

	static final Duration RETRY_EVERY = Duration.ofMillis(100);

	private final DataSource driver;

	private final BooleanSupplier poolOpen;

	private volatile boolean connectedOnce;

	PatientConnections(DataSource driver, BooleanSupplier poolOpen) {
		this.driver = driver;
		this.poolOpen = poolOpen;
	}

	/** Before the pool starts: its connections come through a patient source. */
	static void install(HikariDataSource pool) {
		DataSource driver = new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(),
				pool.getDataSourceProperties(), pool.getUsername(), pool.getPassword());
		pool.setDataSource(new PatientConnections(driver, () -> !pool.isClosed()));
	}

	@Override
	public Connection getConnection() throws SQLException {
		return patiently(this.driver::getConnection);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return patiently(() -> this.driver.getConnection(username, password));
	}

	private Connection patiently(Connect connect) throws SQLException {
		while (true) {
			try {
				Connection connection = connect.connect();
				this.connectedOnce = true;
				return connection;
			}
			catch (SQLException ex) {
				if (!this.connectedOnce || !isConnectionFailure(ex) || !this.poolOpen.getAsBoolean()) {
					throw ex;
				}
				try {
					Thread.sleep(RETRY_EVERY.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	/**
	 * SQLState class 08: the connection could not be made (refused, reset, unknown host).
	 */
	private static boolean isConnectionFailure(SQLException ex) {
		return ex.getSQLState() != null && ex.getSQLState().startsWith("08");
	}

	@FunctionalInterface
	private interface Connect {

		Connection connect() throws SQLException;

	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.driver.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.driver.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.driver.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.driver.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.driver.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		return this.driver.unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this) || this.driver.isWrapperFor(type);
	}

}
