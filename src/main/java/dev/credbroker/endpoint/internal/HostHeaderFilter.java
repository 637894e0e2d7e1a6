package dev.credbroker.endpoint.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Against DNS rebinding: a plain-http request must name the broker by an IP literal,
 * {@code localhost}, or a host listed in {@code credbroker.endpoint.allowed-hosts}. A web
 * page that rebinds its own name to 127.0.0.1 sends its own name, and is refused.
 * Requests over TLS are not checked (a rebound name fails the certificate).
 */
class HostHeaderFilter implements Filter {

	private final Set<String> allowedHosts;

	HostHeaderFilter(Iterable<String> allowedHosts) {
		Set<String> hosts = new java.util.HashSet<>();
		allowedHosts.forEach((host) -> hosts.add(host.toLowerCase(Locale.ROOT)));
		this.allowedHosts = Set.copyOf(hosts);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		// The container endpoint makes the same check itself, first thing, in its own
		// filter.
		if (ContainerCredentialsFilter.PATH.equals(request.getRequestURI()) || admits(request)) {
			chain.doFilter(req, res);
			return;
		}
		refuse((HttpServletResponse) res);
	}

	boolean admits(HttpServletRequest request) {
		return request.isSecure() || isAllowed(request.getServerName());
	}

	void refuse(HttpServletResponse response) throws IOException {
		EndpointErrors.write(response, 421, "HostNotAllowed",
				"Plain-http requests must address the broker by IP address, localhost, or a name listed in "
						+ "credbroker.endpoint.allowed-hosts",
				null);
	}

	boolean isAllowed(String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		if (isIpLiteral(host) || host.equalsIgnoreCase("localhost")) {
			return true;
		}
		return this.allowedHosts.contains(host.toLowerCase(Locale.ROOT));
	}

	static boolean isIpLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c != '.' && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

}
