package dev.credbroker.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.credbroker.audit.AuditProperties;
import dev.credbroker.common.Timestamps;

/**
 * Deletes audit events older than {@code credbroker.audit.retention}: one minute after
 * start (or after the prune interval, if shorter), then every
 * {@code credbroker.audit.prune-interval}. Rows go {@value #BATCH} per statement, each
 * its own transaction, found by the {@code occurred_at} index, so a large backlog never
 * holds a long lock; the pruning has its own thread, so it never delays the scheduled
 * renewal of credentials. Every replica sharing a store prunes; deleting what is already
 * gone is harmless.
 */
@Component
class AuditRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	static final int BATCH = 1000;

	private static final Duration FIRST_RUN = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AuditProperties properties;

	private ScheduledExecutorService executor;

	AuditRetention(JdbcClient jdbc, Clock clock, AuditProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/** Deletes every event past the retention, batch by batch; returns how many. */
	int prune() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int deleted = 0;
		int batch;
		do {
			batch = deleteBatch(cutoff, BATCH);
			deleted += batch;
		}
		// Until nothing is left: another replica may have deleted part of a batch.
		while (batch > 0 && !Thread.currentThread().isInterrupted());
		if (deleted > 0) {
			log.info("Deleted {} audit events older than {} (credbroker.audit.retention {})", deleted, cutoff,
					this.properties.retention());
		}
		return deleted;
	}

	/**
	 * Deletes at most {@code limit} of the oldest events from before {@code cutoff}. Two
	 * statements rather than {@code DELETE ... WHERE id IN (SELECT ... LIMIT)}, which H2
	 * runs in time proportional to the whole table; each is quick on both stores.
	 */
	int deleteBatch(Instant cutoff, int limit) {
		List<Long> ids = this.jdbc
			.sql("SELECT id FROM audit_events WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :limit")
			.param("cutoff", Timestamps.toDb(cutoff))
			.param("limit", limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM audit_events WHERE id IN (:ids)").param("ids", ids).update();
	}

	private void pruneLogged() {
		try {
			prune();
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete old audit events, trying again in {}: {}", this.properties.pruneInterval(),
					ex.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "audit-retention");
			thread.setDaemon(true);
			return thread;
		});
		Duration interval = this.properties.pruneInterval();
		Duration first = (interval.compareTo(FIRST_RUN) < 0) ? interval : FIRST_RUN;
		this.executor.scheduleWithFixedDelay(this::pruneLogged, first.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
