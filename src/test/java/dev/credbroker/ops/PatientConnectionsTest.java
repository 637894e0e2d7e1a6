package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/**
 * Hikari's connections: once the pool has connected, a store that refuses connections is
 * tried again within the one attempt (so Hikari's own backoff never grows); at start, and
 * for anything but a connection failure, the failure comes at once.
 */
class PatientConnectionsTest {

	private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
			PatientConnectionsTest.class.getClassLoader(), new Class<?>[] { Connection.class },
			(proxy, method, args) -> null);

	private final Deque<Object> outcomes = new ArrayDeque<>();

	private final AtomicBoolean poolOpen = new AtomicBoolean(true);

	private int attempts;

	private final PatientConnections connections = new PatientConnections(driver(), this.poolOpen::get);

	@Test
	void beforeTheFirstConnectionAFailureComesAtOnceSoThatStartUpCanReportIt() {
		this.outcomes.add(refused());

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.connections::getConnection);
		assertThat(this.attempts).isEqualTo(1);
	}

	@Test
	void afterTheFirstConnectionRefusedConnectionsAreTriedAgainUntilTheStoreAnswers() throws SQLException {
		this.outcomes.add(CONNECTION);
		this.connections.getConnection();
		this.outcomes.add(refused());
		this.outcomes.add(refused());
		this.outcomes.add(refused());
		this.outcomes.add(CONNECTION);

		assertThat(this.connections.getConnection("user", "password")).isSameAs(CONNECTION);
		assertThat(this.attempts).isEqualTo(5);
	}

	@Test
	void aFailureThatIsNotAboutTheConnectionComesAtOnce() throws SQLException {
		this.outcomes.add(CONNECTION);
		this.connections.getConnection();
		this.outcomes.add(new SQLException("password authentication failed", "28P01"));

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.connections::getConnection)
			.withMessageContaining("password");
	}

	@Test
	void aClosedPoolStopsTrying() throws SQLException {
		this.outcomes.add(CONNECTION);
		this.connections.getConnection();
		this.poolOpen.set(false);
		this.outcomes.add(refused());

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.connections::getConnection);
		assertThat(this.attempts).isEqualTo(2);
	}

	private static SQLException refused() {
		return new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
	}

	private DataSource driver() {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					if (!method.getName().equals("getConnection")) {
						throw new UnsupportedOperationException(method.getName());
					}
					this.attempts++;
					Object outcome = this.outcomes.removeFirst();
					if (outcome instanceof SQLException ex) {
						throw ex;
					}
					return outcome;
				});
	}

}
