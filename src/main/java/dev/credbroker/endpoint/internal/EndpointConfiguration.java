package dev.credbroker.endpoint.internal;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.issuance.CredentialVending;

@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	/**
	 * Before anything else reads the request: refuses plain-http requests addressed by an
	 * unexpected name (the container endpoint's filter makes the same check for its
	 * path).
	 */
	@Bean
	FilterRegistrationBean<HostHeaderFilter> hostHeaderFilter(EndpointProperties properties) {
		var registration = new FilterRegistrationBean<>(new HostHeaderFilter(properties.allowedHosts()));
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * First in line, ahead of the MVC dispatcher and the Spring Security filter chain.
	 */
	@Bean
	FilterRegistrationBean<ContainerCredentialsFilter> containerCredentialsFilter(
			FilterRegistrationBean<HostHeaderFilter> hosts, TokenDirectory tokens, CredentialVending vending,
			EndpointProperties properties, MeterRegistry meters) {
		WaitingRequests waiting = new WaitingRequests(
				(properties.maxWaitingRequests() > 0) ? properties.maxWaitingRequests() : Integer.MAX_VALUE);
		var registration = new FilterRegistrationBean<>(new ContainerCredentialsFilter(hosts.getFilter(), tokens,
				vending, properties, waiting, new EndpointMetrics(meters, waiting)));
		registration.addUrlPatterns(ContainerCredentialsFilter.PATH);
		// Ahead of Boot's request-observation filter (HIGHEST_PRECEDENCE + 1): a cached
		// answer pays for no metrics
		// machinery beyond its own counter.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		return registration;
	}

}
