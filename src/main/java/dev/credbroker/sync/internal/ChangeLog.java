package dev.credbroker.sync.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.common.Timestamps;
import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.workload.WorkloadChanged;

/**
 * Writes this instance's admin changes to {@code store_changes}, inside the transaction
 * that made them (so a change that rolls back leaves no row), and reads other instances'
 * changes back.
 */
@Component
class ChangeLog {

	static final String WORKLOAD = "workload";

	static final String SOURCE = "source";

	static final String ISSUER = "issuer";

	private final String origin = UUID.randomUUID().toString();

	private final JdbcClient jdbc;

	private final Clock clock;

	ChangeLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
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
		this.jdbc.sql("INSERT INTO store_changes (kind, name, origin, changed_at) VALUES (:kind, :name, :origin, :at)")
			.param("kind", kind)
			.param("name", name)
			.param("origin", this.origin)
			.param("at", Timestamps.toDb(this.clock.instant()))
			.update();
	}

	long latestRevision() {
		return this.jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM store_changes").query(Long.class).single();
	}

	/** Changes by other instances with a revision above {@code after}, oldest first. */
	List<Change> othersAfter(long after) {
		return this.jdbc.sql("""
				SELECT revision, kind, name FROM store_changes
				WHERE revision > :after AND origin <> :origin ORDER BY revision
				""")
			.param("after", after)
			.param("origin", this.origin)
			.query((rs, row) -> new Change(rs.getLong("revision"), rs.getString("kind"), rs.getString("name")))
			.list();
	}

	int deleteOlderThan(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM store_changes WHERE changed_at < :cutoff")
			.param("cutoff", Timestamps.toDb(cutoff))
			.update();
	}

	record Change(long revision, String kind, String name) {
	}

}
