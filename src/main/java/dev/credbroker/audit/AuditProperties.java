package dev.credbroker.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long audit events are kept, and how repeated failures are recorded.
 *
 * @param retention events older than this are deleted (in batches, every
 * {@code pruneInterval}); must be positive
 * @param pruneInterval how often events past the retention are deleted; the first run is
 * one minute after start (or after this interval, if shorter)
 * @param coalesceInterval identical issuance failures of one workload (same action,
 * outcome and detail) within this interval from the first are stored as one event with a
 * count; 0 stores every failure as its own event
 * @param outageBuffer audit events kept in memory while the store is unreachable, stored
 * in order once it is back; past this many, newer events of the outage are only logged
 * (WARN, {@code credbroker.audit.outage.dropped})
 */
@ConfigurationProperties("credbroker.audit")
public record AuditProperties(@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration pruneInterval,
		@DefaultValue("1m") Duration coalesceInterval, @DefaultValue("10000") int outageBuffer) {

	public AuditProperties {
		if (retention.isZero() || retention.isNegative()) {
			throw new IllegalArgumentException("The audit retention (credbroker.audit.retention, "
					+ "CREDBROKER_AUDIT_RETENTION) must be a positive duration, such as 90d; it is " + retention);
		}
		if (pruneInterval.isZero() || pruneInterval.isNegative()) {
			throw new IllegalArgumentException("The audit prune interval (credbroker.audit.prune-interval, "
					+ "CREDBROKER_AUDIT_PRUNE_INTERVAL) must be a positive duration, such as 1h; it is "
					+ pruneInterval);
		}
		if (outageBuffer < 0) {
			throw new IllegalArgumentException("The audit outage buffer (credbroker.audit.outage-buffer, "
					+ "CREDBROKER_AUDIT_OUTAGE_BUFFER) must be 0 (none) or a positive number of events; it is "
					+ outageBuffer);
		}
		if (coalesceInterval.isNegative()) {
			throw new IllegalArgumentException("The audit coalesce interval (credbroker.audit.coalesce-interval, "
					+ "CREDBROKER_AUDIT_COALESCE_INTERVAL) must be 0 (off) or a positive duration, such as 1m; it is "
					+ coalesceInterval);
		}
	}

	public boolean coalescing() {
		return !this.coalesceInterval.isZero();
	}

}
