package dev.credbroker.audit.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.Names;

/**
 * {@code GET /admin/v1/audit?workload=&limit=}: issuance and admin events, newest first.
 */
@RestController
class AuditAdminController {

	static final int MAX_LIMIT = 1000;

	private final AuditLog audit;

	AuditAdminController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/admin/v1/audit")
	List<AuditEvent> recent(@RequestParam(required = false) String workload,
			@RequestParam(defaultValue = "100") int limit) {
		if (workload != null) {
			Names.requireValid("workload", workload);
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return this.audit.recent(workload, limit);
	}

}
