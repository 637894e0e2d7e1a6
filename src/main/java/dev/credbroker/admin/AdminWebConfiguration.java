package dev.credbroker.admin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

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

	@Bean
	FilterRegistrationBean<AdminBodyLimitFilter> adminBodyLimitFilter(JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new AdminBodyLimitFilter(new ProblemWriter(json)));
		registration.addUrlPatterns("/admin/*");
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
