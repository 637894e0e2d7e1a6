package dev.credbroker.issuance.internal;

import org.springframework.stereotype.Component;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.workload.Workload;

/**
 * Writes one audit event per STS issuance: who, which role, which access key id, until
 * when. Never a secret.
 */
@Component
class IssuanceAudit {

	private final AuditLog audit;

	IssuanceAudit(AuditLog audit) {
		this.audit = audit;
	}

	/**
	 * @param proof how the caller that started the issuance proved itself ({@code token},
	 * {@code oidc:<issuer>:<subject>}, or {@code renewal} for the background sweep), as
	 * the event's detail
	 */
	void issued(Workload workload, IssuedCredentials credentials, String proof) {
		this.audit.record(AuditEvent.issuance(workload.name(), "issue", "success", credentials.roleArn(),
				credentials.accessKeyId(), credentials.expiration(), proof));
	}

	void failed(Workload workload, IssuanceException failure) {
		this.audit.record(AuditEvent.issuance(workload.name(), "issue", failure.code(), workload.recipe().roleArn(),
				null, null, failure.getMessage()));
	}

}
