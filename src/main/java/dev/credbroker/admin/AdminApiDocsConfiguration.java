package dev.credbroker.admin;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.credbroker.common.PageRequest;
import dev.credbroker.crypto.Secret;

/**
 * The OpenAPI 3.1 description of the admin API at {@code /v3/api-docs} (springdoc reads
 * the controllers; {@link AdminApiDescription} adds what it cannot see: the bearer
 * scheme, each route's answers and problem examples, pagination, the container endpoint)
 * and Swagger UI at {@code /swagger-ui.html}. The description sits behind the admin token
 * ({@link AdminSecurityConfiguration}); the UI's static files carry no data and are open,
 * and its start script asks for the token ({@link SwaggerUiTokenPage}).
 * {@code credbroker.admin.api-docs.enabled=false} switches both off (springdoc's own
 * switches follow it in application.yml).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "credbroker.admin.api-docs.enabled", matchIfMissing = true)
class AdminApiDocsConfiguration {

	static {
		// A secret is written as a plain string; the list's PageRequest is limit and
		// cursor,
		// which AdminApiDescription documents as query parameters.
		SpringDocUtils.getConfig()
			.replaceWithSchema(Secret.class, new StringSchema().format("password"))
			.addRequestWrapperToIgnore(PageRequest.class);
	}

	@Bean
	OpenAPI adminOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties buildInfo = build.getIfAvailable();
		String version = (buildInfo != null) ? buildInfo.getVersion() : "dev";
		return new OpenAPI().info(new Info().title("Credential Broker admin API").version(version).description("""
				Manage sources, MFA sessions and workloads of the Credential Broker. Every admin route needs \
				`Authorization: Bearer <admin token>`; errors are RFC 9457 `application/problem+json`. \
				Lists answer a JSON array, one page at a time: the next page is in the `Link` header \
				(`rel="next"`), absent on the last page. The container credentials endpoint \
				(`GET /v1/credentials`) is described too; it takes the workload token instead."""))
			// Relative: the description never repeats a host name a caller sent.
			.servers(List.of(new Server().url("/")))
			.components(new Components()
				.addSecuritySchemes(AdminApiDescription.ADMIN_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The admin token (CREDBROKER_ADMIN_TOKEN, at least 32 characters)"))
				.addSecuritySchemes(AdminApiDescription.WORKLOAD_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("Authorization")
							.description("A workload token, raw (no 'Bearer ' prefix), as AWS SDKs send "
									+ "AWS_CONTAINER_AUTHORIZATION_TOKEN")));
	}

	@Bean
	AdminApiDescription adminApiDescription() {
		return new AdminApiDescription();
	}

	@Bean
	OpenApiCustomizer adminApiAnswers(AdminApiDescription description) {
		return description::customise;
	}

	@Bean
	OperationCustomizer adminApiPagination(AdminApiDescription description) {
		return description::paginated;
	}

	@Bean
	SwaggerIndexTransformer swaggerUiTokenPage() {
		return new SwaggerUiTokenPage();
	}

	/**
	 * Swagger UI's files: open (they carry no data) under a strict
	 * Content-Security-Policy: scripts from this origin only, none inline; the inline
	 * styles React sets need {@code style-src 'unsafe-inline'}.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain swaggerUiFiles(HttpSecurity http) throws Exception {
		http.securityMatcher(AdminApiDocsProperties.UI_PAGE, AdminApiDocsProperties.UI_FILES + "**")
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(SwaggerUiTokenPage.CSP)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}
