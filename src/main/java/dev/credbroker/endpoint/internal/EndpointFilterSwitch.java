package dev.credbroker.endpoint.internal;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container endpoint as the engine valve calls it: the real
 * {@link ContainerCredentialsFilter}, except that while the start-up warm-up runs
 * ({@link MissPathWarmUp}, before readiness) requests carrying one of its synthetic
 * tokens go to its rehearsal copy. Afterwards this costs one volatile read per request.
 */
final class EndpointFilterSwitch implements Filter {

	private final ContainerCredentialsFilter endpoint;

	private volatile Rehearsal rehearsal;

	EndpointFilterSwitch(ContainerCredentialsFilter endpoint) {
		this.endpoint = endpoint;
	}

	void rehearse(Set<String> tokens, ContainerCredentialsFilter filter) {
		this.rehearsal = new Rehearsal(tokens, filter);
	}

	void endRehearsal() {
		this.rehearsal = null;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		Rehearsal current = this.rehearsal;
		if (current != null && current.owns((HttpServletRequest) request)) {
			current.filter().doFilter(request, response, chain);
			return;
		}
		this.endpoint.doFilter(request, response, chain);
	}

	/** The synthetic tokens (a mutable set: it is asked about {@code null}). */
	private record Rehearsal(Set<String> tokens, ContainerCredentialsFilter filter) {

		boolean owns(HttpServletRequest request) {
			String token = request.getHeader("Authorization");
			return token != null && this.tokens.contains(token);
		}

	}

}
