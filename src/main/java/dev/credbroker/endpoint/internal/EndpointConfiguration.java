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

	/** Before anything else reads the request: refuses plain-http requests addressed by an unexpected name. */
	@Bean
	FilterRegistrationBean<HostHeaderFilter> hostHeaderFilter(EndpointProperties properties) {
		var registration = new FilterRegistrationBean<>(new HostHeaderFilter(properties.allowedHosts()));
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** First in line after the host check, ahead of the MVC dispatcher and the Spring Security filter chain. */
	@Bean
	FilterRegistrationBean<ContainerCredentialsFilter> containerCredentialsFilter(TokenDirectory tokens,
			CredentialVending vending, EndpointProperties properties, MeterRegistry meters) {
		var registration = new FilterRegistrationBean<>(
				new ContainerCredentialsFilter(tokens, vending, properties, new EndpointMetrics(meters)));
		registration.addUrlPatterns(ContainerCredentialsFilter.PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
