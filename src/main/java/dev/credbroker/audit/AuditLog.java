package dev.credbroker.audit;

import java.util.List;

/**
 * Records issuance and admin events in the store and as one structured log line each.
 * Identical issuance failures of one workload within
 * {@code credbroker.audit.coalesce-interval} are stored as one event with a count (see
 * {@link AuditEvent#count()}); events older than {@code credbroker.audit.retention} are
 * deleted.
 */
public interface AuditLog {

	void record(AuditEvent event);

	/** Newest first; {@code workload} may be {@code null} for all. */
	default List<AuditEvent> recent(String workload, int limit) {
		return recent(workload, null, limit);
	}

	/**
	 * Newest first; {@code workload} and {@code action} (such as {@code issue}) may each
	 * be {@code null} for all.
	 */
	List<AuditEvent> recent(String workload, String action, int limit);

}
