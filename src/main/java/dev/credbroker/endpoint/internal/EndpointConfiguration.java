package dev.credbroker.endpoint.internal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.issuance.CredentialVending;

@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	/** First in line, ahead of the MVC dispatcher and the Spring Security filter chain. */
	@Bean
	FilterRegistrationBean<ContainerCredentialsFilter> containerCredentialsFilter(TokenDirectory tokens,
			CredentialVending vending, EndpointProperties properties) {
		var registration = new FilterRegistrationBean<>(new ContainerCredentialsFilter(tokens, vending, properties));
		registration.addUrlPatterns(ContainerCredentialsFilter.PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
