package dev.credbroker.admin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration {

	@Bean
	FilterRegistrationBean<AdminBodyLimitFilter> adminBodyLimitFilter(JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new AdminBodyLimitFilter(new ProblemWriter(json)));
		registration.addUrlPatterns("/admin/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
