package dev.credbroker.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.audit.AuditProperties;
import dev.credbroker.common.ColumnWidths;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.common.Timestamps;

/**
 * Audit events in {@code audit_events}, and each as one JSON line on the
 * {@code credbroker.audit} logger. Every text is cut to fit its column (marked with
 * {@link ColumnWidths#CUT_MARKER}) rather than losing the row: an admin request names
 * whatever the caller put in the path. Identical issuance failures of one workload within
 * the coalesce interval share one row (see {@link FailureWindows}): the first is logged
 * at once, and the window's final count when it closes.
 * <p>
 * During a store outage events are logged at once and kept in memory
 * ({@link AuditOutageBuffer}, {@code credbroker.audit.outage-buffer} events), then stored
 * in order, with the time they happened, as soon as the store answers again; while any
 * are kept, new events queue behind them.
 */
@Component
class JdbcAuditLog implements AuditLog {

	private static final Logger auditLog = LoggerFactory.getLogger("credbroker.audit");

	private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ColumnWidths widths;

	/** {@code null} when coalescing is off. */
	private final FailureWindows failureWindows;

	private final StoreAvailability store;

	private final AuditOutageBuffer kept;

	private final Counter droppedEvents;

	private volatile boolean warnedFull;

	private long storedAfterOutage;

	/** Stores kept events once the store is back, apart from the shared scheduler. */
	private final ScheduledExecutorService keptWriter = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "audit-outage-writer");
		thread.setDaemon(true);
		return thread;
	});

	JdbcAuditLog(JdbcClient jdbc, Clock clock, ColumnWidths widths, AuditProperties properties, StoreAvailability store,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.widths = widths;
		this.failureWindows = properties.coalescing() ? new FailureWindows(properties.coalesceInterval()) : null;
		this.store = store;
		this.kept = new AuditOutageBuffer(properties.outageBuffer());
		this.droppedEvents = Counter.builder("credbroker.audit.outage.dropped")
			.description("Audit events of a store outage dropped because the outage buffer was full (they are "
					+ "in the credbroker.audit log lines only)")
			.register(meters);
		Gauge.builder("credbroker.audit.outage.kept", this.kept, AuditOutageBuffer::size)
			.description("Audit events kept in memory until the store answers again")
			.register(meters);
		this.keptWriter.scheduleWithFixedDelay(this::storeKeptEvents, 200, 200, TimeUnit.MILLISECONDS);
	}

	@Override
	public void record(AuditEvent recorded) {
		Instant now = this.clock.instant();
		AuditEvent event = fitted(recorded);
		if (this.store.isDown() || !this.kept.isEmpty()) {
			// Nothing to wait for: kept, and stored behind the events kept before it.
			auditLog.info(line(event, now, 1, null));
			keep(event, now);
			return;
		}
		if (this.failureWindows != null && isIssuanceFailure(event)) {
			recordFailure(event, now);
			return;
		}
		auditLog.info(line(event, now, 1, null));
		insert(event, now);
	}

	/**
	 * The first failure of a window is logged and stored as a new row; the next identical
	 * ones within the interval add to that row's count, and the window's final count is
	 * logged when it closes.
	 */
	private void recordFailure(AuditEvent failure, Instant now) {
		while (true) {
			FailureWindows.Window window = this.failureWindows.windowFor(failure, now, this::logClosed);
			synchronized (window) {
				if (window.isClosed()) {
					continue;
				}
				Long rowId = window.rowId();
				if (rowId != null) {
					try {
						if (this.jdbc.sql("UPDATE audit_events SET count = count + 1 WHERE id = :id")
							.param("id", rowId)
							.update() == 1) {
							window.counted(now);
							return;
						}
						// The row is gone (pruned): this failure starts a new one.
					}
					catch (RuntimeException ex) {
						auditLog.info(line(failure, now, 1, null));
						if (StoreAvailability.isUnreachable(ex)) {
							this.store.reportUnreachable();
							keep(failure, now);
						}
						else {
							log.error("Could not count an audit event: {}", ex.getClass().getName());
						}
						return;
					}
				}
				auditLog.info(line(failure, now, 1, null));
				Long id = insert(failure, now);
				if (id != null) {
					window.stored(id, now);
				}
				return;
			}
		}
	}

	/** Issuance failures coalesce; successes and admin events never do. */
	private static boolean isIssuanceFailure(AuditEvent event) {
		return event.actor().startsWith("workload:") && !"success".equals(event.outcome());
	}

	/**
	 * The stored row's id, or {@code null} when it could not be stored (kept for later if
	 * the store is unreachable).
	 */
	private Long insert(AuditEvent event, Instant now) {
		try {
			return insertRow(event, now);
		}
		catch (RuntimeException ex) {
			if (StoreAvailability.isUnreachable(ex)) {
				this.store.reportUnreachable();
				keep(event, now);
				return null;
			}
			// An audit row must not fail an issuance that already happened; the log line
			// holds the event.
			log.error("Could not store an audit event: {}", ex.getClass().getName());
			return null;
		}
	}

	private void keep(AuditEvent event, Instant at) {
		if (!this.kept.offer(event, at)) {
			this.droppedEvents.increment();
			if (!this.warnedFull) {
				this.warnedFull = true;
				log.warn(
						"The audit outage buffer is full ({} events, credbroker.audit.outage-buffer): newer audit "
								+ "events of this store outage are not stored, only logged (credbroker.audit)",
						this.kept.size());
			}
		}
	}

	/**
	 * Once the store answers: the kept events, oldest first, each with the time it
	 * happened.
	 */
	void storeKeptEvents() {
		if (this.kept.isEmpty() || this.store.isDown()) {
			return;
		}
		this.storedAfterOutage += this.kept.drain((pending) -> {
			try {
				insertRow(pending.event(), pending.at());
				return true;
			}
			catch (RuntimeException ex) {
				if (StoreAvailability.isUnreachable(ex)) {
					this.store.reportUnreachable();
					return false;
				}
				// Not the outage (a row the store refuses): never block the ones after
				// it.
				log.error("Could not store an audit event kept during a store outage: {}", ex.getClass().getName());
				return true;
			}
		});
		if (this.kept.isEmpty() && this.storedAfterOutage > 0) {
			long dropped = this.kept.takeDroppedSinceReported();
			if (dropped > 0) {
				log.warn("Stored the {} audit events kept during the store outage; {} more were dropped (buffer full) "
						+ "and are only in the credbroker.audit log lines", this.storedAfterOutage, dropped);
			}
			else {
				log.info("Stored the {} audit events kept during the store outage", this.storedAfterOutage);
			}
			this.storedAfterOutage = 0;
			this.warnedFull = false;
		}
	}

	private Long insertRow(AuditEvent event, Instant now) {
		GeneratedKeyHolder id = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO audit_events (occurred_at, actor, workload, action, outcome, client_address, role_arn,
				    access_key_id, expiration, detail)
				VALUES (:at, :actor, :workload, :action, :outcome, :client, :roleArn, :accessKeyId, :expiration,
				    :detail)
				""")
			.param("at", Timestamps.toDb(now))
			.param("actor", event.actor())
			.param("workload", event.workload())
			.param("action", event.action())
			.param("outcome", event.outcome())
			.param("client", event.clientAddress())
			.param("roleArn", event.roleArn())
			.param("accessKeyId", event.accessKeyId())
			.param("expiration", Timestamps.toDb(wholeSeconds(event.expiration())))
			.param("detail", event.detail())
			.update(id, "id");
		return id.getKeyAs(Long.class);
	}

	/** Closes the coalescing windows whose interval is over, logging their counts. */
	@Scheduled(fixedDelayString = "1s", initialDelayString = "1s")
	void closeExpiredWindows() {
		if (this.failureWindows != null) {
			this.failureWindows.closeExpired(this.clock.instant(), this::logClosed);
		}
	}

	@PreDestroy
	void closeAllWindows() {
		this.keptWriter.shutdownNow();
		if (!this.kept.isEmpty()) {
			storeKeptEvents();
			if (!this.kept.isEmpty()) {
				log.warn("{} audit events of a store outage could not be stored before shutdown; they are in the "
						+ "credbroker.audit log lines", this.kept.size());
			}
		}
		if (this.failureWindows != null) {
			this.failureWindows.closeAll(this::logClosed);
		}
	}

	/**
	 * A window that counted more than its first failure is logged again, with the time of
	 * its row and its final count.
	 */
	private void logClosed(FailureWindows.Window window) {
		if (window.count() > 1) {
			auditLog.info(line(window.failure(), window.rowTime(), window.count(), window.last()));
		}
	}

	@Override
	public List<AuditEvent> recent(String workload, String action, int limit) {
		List<String> conditions = new ArrayList<>();
		if (workload != null) {
			conditions.add("workload = :workload");
		}
		if (action != null) {
			conditions.add("action = :action");
		}
		String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
		var spec = this.jdbc.sql("SELECT * FROM audit_events " + where + "ORDER BY id DESC LIMIT :limit")
			.param("limit", limit);
		if (workload != null) {
			spec = spec.param("workload", workload);
		}
		if (action != null) {
			spec = spec.param("action", action);
		}
		return spec
			.query((rs, row) -> new AuditEvent(rs.getLong("id"),
					Timestamps.fromDb(rs.getObject("occurred_at", OffsetDateTime.class)), rs.getString("actor"),
					rs.getString("workload"), rs.getString("action"), rs.getString("outcome"),
					rs.getString("client_address"), rs.getString("role_arn"), rs.getString("access_key_id"),
					Timestamps.fromDb(rs.getObject("expiration", OffsetDateTime.class)), rs.getString("detail"),
					rs.getLong("count")))
			.list();
	}

	/** As the container endpoint shows expirations: whole seconds. */
	private static Instant wholeSeconds(Instant instant) {
		return (instant != null) ? instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : null;
	}

	private AuditEvent fitted(AuditEvent event) {
		return new AuditEvent(event.id(), event.occurredAt(), fit("actor", event.actor()),
				fit("workload", event.workload()), fit("action", event.action()), fit("outcome", event.outcome()),
				fit("client_address", event.clientAddress()), fit("role_arn", event.roleArn()),
				fit("access_key_id", event.accessKeyId()), event.expiration(), fit("detail", event.detail()),
				event.count());
	}

	private String fit(String column, String value) {
		return this.widths.fit("audit_events", column, value);
	}

	/**
	 * @param last for a coalesced event's closing line, when its last failure happened
	 */
	private String line(AuditEvent event, Instant at, long count, Instant last) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("audit", event.action());
		fields.put("time", at.toString());
		fields.put("actor", event.actor());
		fields.put("workload", event.workload());
		fields.put("outcome", event.outcome());
		fields.put("client", event.clientAddress());
		fields.put("roleArn", event.roleArn());
		fields.put("accessKeyId", event.accessKeyId());
		fields.put("expiration", (event.expiration() != null) ? wholeSeconds(event.expiration()).toString() : null);
		fields.put("detail", event.detail());
		fields.put("count", count);
		fields.put("last", (last != null) ? last.toString() : null);
		fields.values().removeIf(java.util.Objects::isNull);
		return this.json.writeValueAsString(fields);
	}

}
