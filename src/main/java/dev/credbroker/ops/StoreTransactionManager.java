package dev.credbroker.ops;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring Boot's {@link JdbcTransactionManager}, except that a rollback on a connection
 * the store has already closed is not a failure of its own.
 * <p>
 * When the store goes away in the middle of a transaction, the statement fails, the pool
 * (or the driver) closes the broken connection, and the rollback that follows fails on
 * the closed connection. Spring would then throw the rollback's failure in place of the
 * statement's and log the statement's at ERROR with a stack trace ("Application exception
 * overridden by rollback exception"), once for every transaction the outage catches.
 * There is nothing left to roll back: the database ends the open transaction of a session
 * it loses. So a rollback that fails on a closed connection is logged at DEBUG and the
 * statement's own failure reaches the caller, which sees an unreachable store
 * ({@code StoreAvailability}); the outage itself is logged once, by the store check. A
 * rollback that fails on an open connection is an error, as before.
 */
class StoreTransactionManager extends JdbcTransactionManager {

	private static final Logger log = LoggerFactory.getLogger(StoreTransactionManager.class);

	StoreTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		try {
			super.doRollback(status);
		}
		catch (RuntimeException ex) {
			if (!connectionClosed()) {
				throw ex;
			}
			log.debug("No rollback on a closed connection: the store ended the transaction with the session", ex);
		}
	}

	/** Whether the connection of the transaction being rolled back is closed. */
	private boolean connectionClosed() {
		if (TransactionSynchronizationManager.getResource(obtainDataSource()) instanceof ConnectionHolder holder) {
			try {
				return holder.getConnection().isClosed();
			}
			catch (SQLException ex) {
				return true;
			}
		}
		return false;
	}

}
