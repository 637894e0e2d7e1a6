package dev.credbroker.admin;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;

/**
 * Writes one audit event for every admin action that changes something (any method but
 * GET): the route, the name it acted on, the outcome as HTTP status, and the client
 * address. Bodies are never recorded: they hold secrets.
 */
class AdminAuditInterceptor implements HandlerInterceptor {

	private final AuditLog audit;

	/**
	 * Records the events of requests refused during a store outage, in order, after the
	 * answer: storing them waits for the pool's connection timeout, and the refusal must
	 * reach the caller within 2 s.
	 */
	private final ExecutorService duringStoreOutage = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "admin-audit-store-outage");
		thread.setDaemon(true);
		return thread;
	});

	AdminAuditInterceptor(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
			return;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String route = request.getMethod() + " " + ((pattern != null) ? pattern : request.getRequestURI());
		String name = nameFrom(request);
		String workload = route.contains("/workloads/") ? name : null;
		String detail = (name != null && workload == null) ? "source " + name : null;
		int status = response.getStatus();
		String outcome = (status < 400) ? "success" : "http-" + status;
		AuditEvent event = AuditEvent.admin(route, outcome, workload, request.getRemoteAddr(), detail);
		if (request.getAttribute(AdminProblemHandler.STORE_UNAVAILABLE) != null) {
			this.duringStoreOutage.execute(() -> this.audit.record(event));
		}
		else {
			this.audit.record(event);
		}
	}

	@SuppressWarnings("unchecked")
	private static String nameFrom(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables instanceof Map<?, ?> map) ? ((Map<String, String>) map).get("name") : null;
	}

}
