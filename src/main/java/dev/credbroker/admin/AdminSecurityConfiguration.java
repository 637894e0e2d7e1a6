package dev.credbroker.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.BadTokenBrake;

/**
 * Spring Security for the admin API: a bearer admin token, stateless, no CSRF (no cookies
 * are ever issued), no default user. The container endpoint answers ahead of this chain
 * with its own token check; Actuator's exposed endpoints are open, as monitoring systems
 * expect, but show health details only to the admin.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

	@Bean
	@Order(1)
	SecurityFilterChain adminApi(HttpSecurity http, AdminProperties properties, AdminTokenFilter adminTokenFilter,
			JsonMapper json) throws Exception {
		if (!properties.enabled()) {
			log.warn("The admin API is disabled because no admin token is configured. Set CREDBROKER_ADMIN_TOKEN "
					+ "(property credbroker.admin.token) to a long random value, e.g. openssl rand -hex 32, to enable it.");
		}
		ProblemWriter problems = new ProblemWriter(json);
		// The API description is part of the admin API: no description without the token.
		stateless(http)
			.securityMatcher("/admin/**", AdminApiDocsProperties.DESCRIPTION_PATH + "*",
					AdminApiDocsProperties.DESCRIPTION_PATH + "*/**")
			.addFilterBefore(adminTokenFilter, AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				if (properties.enabled()) {
					log.warn("Admin API request without a valid admin token from {}: {} {}", request.getRemoteAddr(),
							request.getMethod(), request.getRequestURI());
					response.setHeader("WWW-Authenticate", "Bearer");
					problems.write(request, response, HttpStatus.UNAUTHORIZED,
							"Send the admin token as 'Authorization: Bearer <token>'");
				}
				else {
					problems.write(request, response, HttpStatus.NOT_FOUND,
							"The admin API is disabled: set CREDBROKER_ADMIN_TOKEN to enable it");
				}
			}));
		return http.build();
	}

	/**
	 * Open to all, but the admin token is recognised, so that Actuator shows health
	 * details to the admin only
	 * ({@code management.endpoint.health.show-details: when-authorized}).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain everythingElse(HttpSecurity http, AdminTokenFilter adminTokenFilter) throws Exception {
		stateless(http).addFilterBefore(adminTokenFilter, AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	AdminTokenFilter adminTokenFilter(AdminProperties properties, JsonMapper json) {
		return new AdminTokenFilter(properties.token(),
				new BadTokenBrake("the admin API", properties.badTokenLimit(), properties.badTokenWindow()),
				new ProblemWriter(json));
	}

	/**
	 * The filter runs inside the security chains only, not a second time as a servlet
	 * filter.
	 */
	@Bean
	FilterRegistrationBean<AdminTokenFilter> adminTokenFilterOutsideTheChains(AdminTokenFilter filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable);
	}

}
