package dev.credbroker.admin;

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

}
