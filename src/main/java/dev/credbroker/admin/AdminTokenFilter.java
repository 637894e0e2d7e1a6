package dev.credbroker.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.credbroker.common.BadTokenBrake;
import dev.credbroker.crypto.Secret;

/**
 * Authenticates {@code Authorization: Bearer <admin token>}, compared in constant time. A
 * wrong bearer token counts toward a per-address brake: once it engages, further wrong
 * tokens from that address are answered 429 without being checked, until its window ends.
 * The right token is always accepted.
 */
class AdminTokenFilter extends OncePerRequestFilter {

	static final String ADMIN = "admin";

	private static final String BEARER = "Bearer ";

	private final Secret adminToken;

	private final BadTokenBrake brake;

	private final ProblemWriter problems;

	AdminTokenFilter(Secret adminToken, BadTokenBrake brake, ProblemWriter problems) {
		this.adminToken = adminToken;
		this.brake = brake;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (this.adminToken != null && header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			Secret presented = Secret.of(header.substring(BEARER.length()).trim());
			if (this.adminToken.matches(presented)) {
				var authentication = UsernamePasswordAuthenticationToken.authenticated(ADMIN, null,
						List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
				var context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(authentication);
				SecurityContextHolder.setContext(context);
			}
			else if (refusedByBrake(request, response)) {
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Admin calls to AWS answer asynchronously: the async dispatch that writes the answer
	 * goes through the security chain again and must find the admin authenticated.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	private boolean refusedByBrake(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String client = request.getRemoteAddr();
		Duration braked = this.brake.brakedFor(client);
		if (braked.isZero()) {
			this.brake.recordBadToken(client);
			return false;
		}
		long seconds = BadTokenBrake.wholeSecondsUp(braked);
		response.setHeader("Retry-After", Long.toString(seconds));
		this.problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
				"Too many wrong admin tokens from this address; wait " + seconds + " s");
		return true;
	}

}
