package dev.credbroker.admin;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import dev.credbroker.audit.AuditLog;

@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration implements WebMvcConfigurer {

	private final AuditLog audit;

	AdminWebConfiguration(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AdminAuditInterceptor(this.audit)).addPathPatterns("/admin/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new PageRequestArgumentResolver());
	}

	/**
	 * Admin bodies are read as written: a key given twice, or a scalar of another JSON
	 * type than the field's (a number or boolean for a string, {@code "3600"} or
	 * {@code 3600.5} for a whole number, {@code "false"} for a boolean), is refused with
	 * the field named instead of silently taking the last value or converting it. Unknown
	 * fields are refused by {@code spring.jackson.deserialization}.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictAdminJson() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual,
					(strings) -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	@Bean
	FilterRegistrationBean<AdminRequestFilter> adminRequestFilter(JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new AdminRequestFilter(new ProblemWriter(json)));
		registration.addUrlPatterns("/admin/*", "/actuator/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** {@code credbroker.admin.port}: the admin API on a port of its own. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("credbroker.admin.port")
	static class AdminPortConfiguration {

		@Bean
		AdminConnector adminConnector(AdminProperties properties) {
			return new AdminConnector(properties.port());
		}

		@Bean
		FilterRegistrationBean<AdminPortFilter> adminPortFilter(AdminConnector connector, JsonMapper json) {
			var registration = new FilterRegistrationBean<>(new AdminPortFilter(connector, new ProblemWriter(json)));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
