package dev.credbroker.endpoint;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Against DNS rebinding: a plain-http request must name the broker by an IP literal,
 * {@code localhost}, or a host listed in {@code credbroker.endpoint.allowed-hosts}. A web
 * page that rebinds its own name to 127.0.0.1 sends its own name, and is refused.
 * Requests over TLS are not checked (a rebound name fails the certificate). Shared by
 * every listener that hands out credentials.
 */
public final class AllowedHosts {

	private final Set<String> allowedHosts;

	public AllowedHosts(Iterable<String> allowedHosts) {
		Set<String> hosts = new HashSet<>();
		allowedHosts.forEach((host) -> hosts.add(host.toLowerCase(Locale.ROOT)));
		this.allowedHosts = Set.copyOf(hosts);
	}

	/** Whether the request may be answered: over TLS, or addressed by an allowed name. */
	public boolean admits(HttpServletRequest request) {
		return request.isSecure() || isAllowed(request.getServerName());
	}

	/**
	 * Whether {@code host} (as in the {@code Host} header) is allowed over plain http.
	 */
	public boolean isAllowed(String host) {
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
