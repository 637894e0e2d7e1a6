package dev.credbroker.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One issuance or admin action. Holds identifiers only: an issued access key id, never a
 * secret key, token or session token.
 *
 * @param actor who acted: {@code admin} for the admin API, {@code workload:<name>} for an
 * issuance
 * @param outcome {@code success} or an error code
 * @param detail a short, secret-free description (an STS error message, the field that
 * failed)
 * @param count how many events this one stands for: identical issuance failures of one
 * workload within {@code credbroker.audit.coalesce-interval} share one event, dated at
 * the first; 1 for every other event
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(Long id, Instant occurredAt, String actor, String workload, String action, String outcome,
		String clientAddress, String roleArn, String accessKeyId, Instant expiration, String detail, long count) {

	/** A single event ({@code count} 1). */
	public AuditEvent(Long id, Instant occurredAt, String actor, String workload, String action, String outcome,
			String clientAddress, String roleArn, String accessKeyId, Instant expiration, String detail) {
		this(id, occurredAt, actor, workload, action, outcome, clientAddress, roleArn, accessKeyId, expiration, detail,
				1);
	}

	public static AuditEvent issuance(String workload, String action, String outcome, String roleArn,
			String accessKeyId, Instant expiration, String detail) {
		return new AuditEvent(null, null, "workload:" + workload, workload, action, outcome, null, roleArn, accessKeyId,
				expiration, detail);
	}

	public static AuditEvent admin(String action, String outcome, String workload, String clientAddress,
			String detail) {
		return new AuditEvent(null, null, "admin", workload, action, outcome, clientAddress, null, null, null, detail);
	}

}
