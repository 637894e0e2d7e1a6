package dev.credbroker.audit;

import java.util.List;

/** Records issuance and admin events in the store and as one structured log line each. */
public interface AuditLog {

	void record(AuditEvent event);

	/** Newest first; {@code workload} may be {@code null} for all. */
	List<AuditEvent> recent(String workload, int limit);

}
