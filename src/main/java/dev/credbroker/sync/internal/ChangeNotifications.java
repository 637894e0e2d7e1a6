package dev.credbroker.sync.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.credbroker.sync.SyncProperties;

/**
 * On PostgreSQL, listens on {@link ChangeLog#CHANNEL} over one connection of its own (not
 * one of the pool's) and runs the feed's poll as soon as another instance's change
 * commits, so that replicas converge in milliseconds rather than a poll interval. A lost
 * connection is opened again with a growing pause, and a poll then catches up on what was
 * missed meanwhile; the scheduled poll goes on regardless. One WARN line at the loss, one
 * INFO line at the recovery.
 */
@Component
class ChangeNotifications implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

	/** How long to wait for a notification before checking that the connection lives. */
	private static final int CHECK_EVERY_MILLIS = 5000;

	private final DataSource dataSource;

	private final StoreKind store;

	private final ChangeFeed feed;

	private final ChangeLog changes;

	private final SyncProperties properties;

	private volatile boolean running;

	private volatile Connection connection;

	private Thread listener;

	ChangeNotifications(DataSource dataSource, StoreKind store, ChangeFeed feed, ChangeLog changes,
			SyncProperties properties) {
		this.dataSource = dataSource;
		this.store = store;
		this.feed = feed;
		this.changes = changes;
		this.properties = properties;
	}

	@Override
	public void start() {
		if (!this.properties.listen() || !(this.dataSource instanceof HikariDataSource pool)
				|| !this.store.isPostgres()) {
			return; // H2 has no LISTEN: the poll alone.
		}
		this.running = true;
		Thread thread = new Thread(() -> listen(pool.getJdbcUrl(), connectionProperties(pool)),
				"credbroker-change-listener");
		thread.setDaemon(true);
		thread.start();
		this.listener = thread;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			closeQuietly(this.connection);
			thread.interrupt();
			try {
				thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen(String url, Properties properties) {
		Duration pause = FIRST_RETRY;
		boolean lost = false;
		while (this.running) {
			try (Connection listening = DriverManager.getConnection(url, properties)) {
				this.connection = listening;
				try (Statement statement = listening.createStatement()) {
					statement.execute("LISTEN " + ChangeLog.CHANNEL);
				}
				if (lost) {
					log.info("Listening for other instances' changes again (PostgreSQL LISTEN)");
					lost = false;
				}
				pause = FIRST_RETRY;
				this.feed.poll(); // whatever committed while nobody listened
				PGConnection notifications = listening.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] arrived = notifications.getNotifications(CHECK_EVERY_MILLIS);
					if (arrived != null && arrived.length > 0) {
						if (anyFromOthers(arrived)) {
							log.debug("Notified of {} changes", arrived.length);
							this.feed.poll();
						}
					}
					else if (!listening.isValid(2)) {
						throw new SQLException("the listening connection stopped answering");
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				if (!lost) {
					log.warn("Lost the connection that listens for other instances' changes ({}); they arrive with "
							+ "the poll until it is back", ex.getMessage());
					lost = true;
				}
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
				pause = (pause.compareTo(LONGEST_RETRY.dividedBy(2)) < 0) ? pause.multipliedBy(2) : LONGEST_RETRY;
			}
			finally {
				this.connection = null;
			}
		}
	}

	private boolean anyFromOthers(PGNotification[] arrived) {
		for (PGNotification notification : arrived) {
			if (!this.changes.origin().equals(notification.getParameter())) {
				return true;
			}
		}
		return false;
	}

	private static Properties connectionProperties(HikariDataSource pool) {
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.setProperty("ApplicationName", "credbroker-change-listener");
		properties.putIfAbsent("connectTimeout", "5");
		return properties;
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Closing on the way out: nothing to do about it.
			}
		}
	}

}
