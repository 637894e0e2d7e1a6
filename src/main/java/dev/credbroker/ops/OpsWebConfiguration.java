package dev.credbroker.ops;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class OpsWebConfiguration {

	/**
	 * Admin API and Actuator requests; the container endpoint's hot path answers before
	 * this filter.
	 */
	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		var registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.addUrlPatterns("/admin/*", "/actuator/*", "/error");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

}
