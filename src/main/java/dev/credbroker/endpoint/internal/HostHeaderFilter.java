package dev.credbroker.endpoint.internal;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.credbroker.endpoint.AllowedHosts;

/**
 * Applies {@link AllowedHosts} to every path but the container endpoint's (whose filter
 * makes the same check itself, first thing).
 */
class HostHeaderFilter implements Filter {

	private final AllowedHosts allowedHosts;

	HostHeaderFilter(Iterable<String> allowedHosts) {
		this.allowedHosts = new AllowedHosts(allowedHosts);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		if (ContainerCredentialsFilter.PATH.equals(request.getRequestURI()) || admits(request)) {
			chain.doFilter(req, res);
			return;
		}
		refuse((HttpServletResponse) res);
	}

	boolean admits(HttpServletRequest request) {
		return this.allowedHosts.admits(request);
	}

	void refuse(HttpServletResponse response) throws IOException {
		EndpointErrors.write(response, 421, "HostNotAllowed",
				"Plain-http requests must address the broker by IP address, localhost, or a name listed in "
						+ "credbroker.endpoint.allowed-hosts",
				null);
	}

}
