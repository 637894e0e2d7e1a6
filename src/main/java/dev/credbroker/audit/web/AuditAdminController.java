package dev.credbroker.audit.web;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.Names;

/**
 * {@code GET /admin/v1/audit?workload=&action=&limit=}: issuance and admin events, newest
 * first; {@code action=issue&limit=1} with a workload is its last issuance.
 */
@RestController
class AuditAdminController {

	static final int MAX_LIMIT = 1000;

	/** Actions are {@code issue} or an admin route such as {@code POST /admin/v1/...}. */
	private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9._/{} -]{1,128}");

	private final AuditLog audit;

	AuditAdminController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/admin/v1/audit")
	List<AuditEvent> recent(@RequestParam(required = false) String workload,
			@RequestParam(required = false) String action, @RequestParam(defaultValue = "100") int limit) {
		if (workload != null) {
			Names.requireValid("workload", workload);
		}
		if (action != null && !ACTION.matcher(action).matches()) {
			throw InvalidRequestException.of("action",
					"must be an audit action such as 'issue' (letters, digits, and . _ / { } - up to 128)");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return this.audit.recent(workload, action, limit);
	}

}
