package dev.credbroker.imds.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.imds.ImdsProperties;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.workload.Workload;

/**
 * One audit event (action {@code serve}, channel {@code imds} in its detail) the first
 * time a listener hands out a set of issued credentials: which listener, to which
 * address, which access key id. SDKs fetch the same credentials again and again; those
 * repeats are not recorded.
 */
class ImdsAudit {

	private final AuditLog audit;

	private final Map<String, String> lastAccessKeyByListener = new ConcurrentHashMap<>();

	ImdsAudit(AuditLog audit) {
		this.audit = audit;
	}

	void served(ImdsProperties.Listener listener, Workload workload, IssuedCredentials credentials,
			String clientAddress) {
		String previous = this.lastAccessKeyByListener.put(listener.describe(), credentials.accessKeyId());
		if (credentials.accessKeyId().equals(previous)) {
			return;
		}
		this.audit.record(new AuditEvent(null, null, "workload:" + workload.name(), workload.name(), "serve", "success",
				clientAddress, credentials.roleArn(), credentials.accessKeyId(), credentials.expiration(),
				"channel imds, listener " + listener.describe()));
	}

}
