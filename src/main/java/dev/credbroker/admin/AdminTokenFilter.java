package dev.credbroker.admin;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.credbroker.crypto.Secret;

/**
 * Authenticates {@code Authorization: Bearer <admin token>}, compared in constant time.
 */
class AdminTokenFilter extends OncePerRequestFilter {

	static final String ADMIN = "admin";

	private static final String BEARER = "Bearer ";

	private final Secret adminToken;

	AdminTokenFilter(Secret adminToken) {
		this.adminToken = adminToken;
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
		}
		chain.doFilter(request, response);
	}

}
