package dev.credbroker.sync.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.workload.WorkloadChanged;

/**
 * Writes this instance's admin changes to {@code store_changes}, inside the transaction
 * that made them (so a change that rolls back leaves no row), and reads the changes back.
 * On PostgreSQL the same transaction sends a notification on {@link #CHANNEL}, delivered
 * to the other replicas when it commits. Times are the store's, never a replica's: the
 * replicas' clocks need not agree.
 */
@Component
class ChangeLog {

	static final String WORKLOAD = "workload";

	static final String SOURCE = "source";

	/** The PostgreSQL notification channel that wakes the other replicas' feeds. */
	static final String CHANNEL = "credbroker_changes";

	static final String ISSUER = "issuer";

	private final String origin = UUID.randomUUID().toString();

	private final JdbcClient jdbc;

	private final StoreKind store;

	ChangeLog(JdbcClient jdbc, StoreKind store) {
		this.jdbc = jdbc;
		this.store = store;
	}

	String origin() {
		return this.origin;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(WorkloadChanged event) {
		if (!event.remote()) {
			record(WORKLOAD, event.name());
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(SourceChanged event) {
		if (!event.remote()) {
			record(SOURCE, event.name());
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(IssuerChanged event) {
		if (!event.remote()) {
			record(ISSUER, event.name());
		}
	}

	private void record(String kind, String name) {
		this.jdbc.sql("""
				INSERT INTO store_changes (kind, name, origin, changed_at)
				VALUES (:kind, :name, :origin, CURRENT_TIMESTAMP)
				""").param("kind", kind).param("name", name).param("origin", this.origin).update();
		if (this.store.isPostgres()) {
			this.jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :origin)")
				.param("origin", this.origin)
				.query((rs, row) -> 0)
				.list();
		}
	}

	long latestRevision() {
		return this.jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM store_changes").query(Long.class).single();
	}

	/**
	 * The smallest revision still stored ({@link Long#MAX_VALUE} when none is): anything
	 * below it that was never read is gone for good.
	 */
	long lowestRevision() {
		return this.jdbc.sql("SELECT COALESCE(MIN(revision), " + Long.MAX_VALUE + ") FROM store_changes")
			.query(Long.class)
			.single();
	}

	/**
	 * Changes (of every instance) with a revision above {@code after} or among
	 * {@code missing}, oldest first.
	 */
	List<Change> read(long after, Collection<Long> missing) {
		String where = missing.isEmpty() ? "revision > :after" : "revision > :after OR revision IN (:missing)";
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("SELECT revision, kind, name, origin FROM store_changes WHERE " + where + " ORDER BY revision")
			.param("after", after);
		if (!missing.isEmpty()) {
			statement = statement.param("missing", List.copyOf(missing));
		}
		return statement
			.query((rs, row) -> new Change(rs.getLong("revision"), rs.getString("kind"), rs.getString("name"),
					this.origin.equals(rs.getString("origin"))))
			.list();
	}

	/** Deletes the rows older than {@code retention} by the store's clock. */
	int deleteOlderThan(Duration retention) {
		OffsetDateTime now = this.jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single();
		return this.jdbc.sql("DELETE FROM store_changes WHERE changed_at < :cutoff")
			.param("cutoff", now.minus(retention))
			.update();
	}

	/**
	 * One change row.
	 *
	 * @param own whether this instance made it (its listeners saw it when it happened)
	 */
	record Change(long revision, String kind, String name, boolean own) {
	}

}
