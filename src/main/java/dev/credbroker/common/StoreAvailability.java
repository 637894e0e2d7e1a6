package dev.credbroker.common;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether the store is known to be unreachable, so that the paths that must keep working
 * through an outage (issuance from what this replica holds, audit events kept for later)
 * do not each wait for the connection pool's timeout. Any caller that fails to reach the
 * store reports it; only the background store check reports it reachable again, so one
 * success elsewhere never hides an outage.
 */
@Component
public class StoreAvailability {

	private volatile boolean down;

	/** Known unreachable: the last store check failed, or a caller failed since. */
	public boolean isDown() {
		return this.down;
	}

	/** A failure to reach the store (see {@link #isUnreachable(Throwable)}). */
	public void reportUnreachable() {
		this.down = true;
	}

	/** The store check answered. */
	public void reportReachable() {
		this.down = false;
	}

	/**
	 * Whether a failure means the store could not be reached (no connection within the
	 * pool's timeout, a connection lost mid-way), rather than a refused statement.
	 */
	public static boolean isUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
