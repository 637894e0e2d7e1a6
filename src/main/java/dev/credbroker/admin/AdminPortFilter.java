package dev.credbroker.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code credbroker.admin.port}: {@code /admin/**}, the operator console
 * ({@code /console}, which calls the admin API from the browser) and the API description
 * (and Swagger UI) only on that port, and nothing else there. Either way a wrong port
 * answers 404, as if the path did not exist.
 */
class AdminPortFilter extends OncePerRequestFilter {

	private final AdminConnector connector;

	private final ProblemWriter problems;

	AdminPortFilter(AdminConnector connector, ProblemWriter problems) {
		this.connector = connector;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean onAdminPort = request.getLocalPort() == this.connector.localPort();
		if (onAdminPort != isAdminPath(request)) {
			this.problems.write(request, response, HttpStatus.NOT_FOUND, "No such resource on this port.");
			return;
		}
		chain.doFilter(request, response);
	}

	/** On the decoded, normalized path (servlet path and path info), not the raw URI. */
	static boolean isAdminPath(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/console")
				|| path.startsWith("/console/") || AdminApiDocsProperties.isDocsPath(path);
	}

}
