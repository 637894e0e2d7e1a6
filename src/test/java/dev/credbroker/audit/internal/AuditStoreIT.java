package dev.credbroker.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditProperties;
import dev.credbroker.common.ColumnWidths;
import dev.credbroker.common.Timestamps;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * The audit SQL on both stores, migrated by Flyway as the broker does: retention pruning
 * deletes batch by batch, only rows past the cutoff; coalesced failures count in one row;
 * the {@code count} column is 1 for every other row.
 */
class AuditStoreIT {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final Duration RETENTION = Duration.ofDays(90);

	@TempDir
	Path dataDir;

	private PostgresDatabase postgres;

	private SingleConnectionDataSource dataSource;

	@AfterEach
	void closeStore() {
		if (this.dataSource != null) {
			this.dataSource.destroy();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void pruningDeletesRowsPastTheRetentionOneBatchAtATime(String store) {
		JdbcClient jdbc = JdbcClient.create(migrated(store));
		insertAged(2500, RETENTION.plusDays(1));
		insertAged(3, RETENTION.minusDays(1));
		AuditRetention retention = new AuditRetention(jdbc, Clock.fixed(NOW, ZoneOffset.UTC),
				new AuditProperties(RETENTION, Duration.ofHours(1), Duration.ofMinutes(1), 10_000));
		Instant cutoff = NOW.minus(RETENTION);

		assertThat(IntStream.range(0, 4).map((i) -> retention.deleteBatch(cutoff, AuditRetention.BATCH)))
			.containsExactly(1000, 1000, 500, 0);
		assertThat(ages(jdbc)).hasSize(3).allSatisfy((at) -> assertThat(at).isAfter(cutoff));

		insertAged(1200, RETENTION.plusSeconds(1));
		assertThat(retention.prune()).isEqualTo(1200);
		assertThat(retention.prune()).isZero();
		assertThat(ages(jdbc)).hasSize(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void identicalIssuanceFailuresCountInOneRowAndOtherEventsKeepTheirOwn(String store) {
		JdbcClient jdbc = JdbcClient.create(migrated(store));
		JdbcAuditLog audit = new JdbcAuditLog(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), widths(),
				new AuditProperties(RETENTION, Duration.ofHours(1), Duration.ofMinutes(1), 10_000),
				new dev.credbroker.common.StoreAvailability(),
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
		AuditEvent appDown = AuditEvent.issuance("app", "issue", "UpstreamUnavailable", "arn:role", null, null,
				"STS down");
		AuditEvent issued = AuditEvent.issuance("app", "issue", "success", "arn:role", "ASIAEXAMPLE", NOW, null);

		Collections.nCopies(4, appDown).forEach(audit::record);
		audit.record(AuditEvent.issuance("other", "issue", "UpstreamUnavailable", "arn:role", null, null, "STS down"));
		audit.record(issued);
		audit.record(issued);
		audit.record(AuditEvent.admin("PUT /admin/v1/workloads/{name}", "http-400", "app", "127.0.0.1", null));
		audit.record(AuditEvent.admin("PUT /admin/v1/workloads/{name}", "http-400", "app", "127.0.0.1", null));

		assertThat(audit.recent(null, 100)).extracting(AuditEvent::workload, AuditEvent::outcome, AuditEvent::count)
			.containsExactly(tuple("app", "http-400", 1L), tuple("app", "http-400", 1L), tuple("app", "success", 1L),
					tuple("app", "success", 1L), tuple("other", "UpstreamUnavailable", 1L),
					tuple("app", "UpstreamUnavailable", 4L));
	}

	/** One connection for the whole test: opening one per statement takes long. */
	private DataSource migrated(String store) {
		if ("postgresql".equals(store)) {
			this.postgres = PostgresDatabase.createOrSkip();
			this.dataSource = new SingleConnectionDataSource(this.postgres.jdbcUrl(), this.postgres.username(),
					this.postgres.password(), true);
		}
		else {
			this.dataSource = new SingleConnectionDataSource("jdbc:h2:file:" + this.dataDir.resolve("audit"), "sa", "",
					true);
		}
		Flyway.configure().dataSource(this.dataSource).load().migrate();
		return this.dataSource;
	}

	private static ColumnWidths widths() {
		return ColumnWidths.of(Map.of("audit_events.actor", 128, "audit_events.workload", 256, "audit_events.action",
				256, "audit_events.outcome", 32, "audit_events.detail", 2048));
	}

	/**
	 * Rows as old as {@code age}, inserted as the broker's before V6 did (no count), in
	 * one batch.
	 */
	private void insertAged(int rows, Duration age) {
		OffsetDateTime at = Timestamps.toDb(NOW.minus(age));
		new JdbcTemplate(this.dataSource).batchUpdate(
				"INSERT INTO audit_events (occurred_at, actor, action, outcome) VALUES (?, 'admin', 'x', 'y')",
				Collections.nCopies(rows, new Object[] { at }));
	}

	private static List<Instant> ages(JdbcClient jdbc) {
		List<Long> counts = jdbc.sql("SELECT count FROM audit_events").query(Long.class).list();
		assertThat(counts).as("the count of every uncoalesced row").containsOnly(1L);
		return jdbc.sql("SELECT occurred_at FROM audit_events")
			.query((rs, row) -> Timestamps.fromDb(rs.getObject(1, OffsetDateTime.class)))
			.list();
	}

}
