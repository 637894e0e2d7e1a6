package dev.credbroker.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.common.ColumnWidths;
import dev.credbroker.common.Timestamps;

/**
 * Audit events in {@code audit_events}, and each as one JSON line on the
 * {@code credbroker.audit} logger. Every text is cut to fit its column (marked with
 * {@link ColumnWidths#CUT_MARKER}) rather than losing the row: an admin request names
 * whatever the caller put in the path.
 */
@Component
class JdbcAuditLog implements AuditLog {

	private static final Logger auditLog = LoggerFactory.getLogger("credbroker.audit");

	private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ColumnWidths widths;

	JdbcAuditLog(JdbcClient jdbc, Clock clock, ColumnWidths widths) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.widths = widths;
	}

	@Override
	public void record(AuditEvent recorded) {
		Instant now = this.clock.instant();
		AuditEvent event = fitted(recorded);
		auditLog.info(line(event, now));
		try {
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
				.update();
		}
		catch (RuntimeException ex) {
			// An audit row must not fail an issuance that already happened; the log line
			// above holds the event.
			log.error("Could not store an audit event: {}", ex.getClass().getName());
		}
	}

	@Override
	public List<AuditEvent> recent(String workload, int limit) {
		String where = (workload != null) ? "WHERE workload = :workload " : "";
		var spec = this.jdbc.sql("SELECT * FROM audit_events " + where + "ORDER BY id DESC LIMIT :limit")
			.param("limit", limit);
		if (workload != null) {
			spec = spec.param("workload", workload);
		}
		return spec
			.query((rs, row) -> new AuditEvent(rs.getLong("id"),
					Timestamps.fromDb(rs.getObject("occurred_at", OffsetDateTime.class)), rs.getString("actor"),
					rs.getString("workload"), rs.getString("action"), rs.getString("outcome"),
					rs.getString("client_address"), rs.getString("role_arn"), rs.getString("access_key_id"),
					Timestamps.fromDb(rs.getObject("expiration", OffsetDateTime.class)), rs.getString("detail")))
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
				fit("access_key_id", event.accessKeyId()), event.expiration(), fit("detail", event.detail()));
	}

	private String fit(String column, String value) {
		return this.widths.fit("audit_events", column, value);
	}

	private String line(AuditEvent event, Instant at) {
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
		fields.values().removeIf(java.util.Objects::isNull);
		return this.json.writeValueAsString(fields);
	}

}
