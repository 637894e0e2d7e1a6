package dev.credbroker.endpoint.internal;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.credbroker.admin.AdminProperties;
import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.identity.WorkloadIdentities;
import dev.credbroker.issuance.CredentialVending;

@Configuration(proxyBeanMethods = false)
class EndpointConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EndpointConfiguration.class);

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

	@Bean
	WaitingRequests waitingRequests(EndpointProperties properties) {
		WaitingRequests waiting = new WaitingRequests(
				WaitingRequests.limitFor(properties.maxWaitingRequests(), Runtime.getRuntime().maxMemory()));
		if (properties.maxWaitingRequests() == null && waiting.limit() < WaitingRequests.DEFAULT_LIMIT) {
			log.info(
					"At most {} requests wait for STS at once: the heap ({} MB) has room for no more "
							+ "(credbroker.endpoint.max-waiting-requests)",
					waiting.limit(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
		}
		return waiting;
	}

	@Bean
	HeapReleaseAfterBurst heapReleaseAfterBurst(WaitingRequests waiting, EndpointProperties properties,
			MeterRegistry meters) {
		return new HeapReleaseAfterBurst(waiting, properties.releaseHeapAfterBurst(),
				properties.releaseHeapQuietPeriod(), System::nanoTime, new ShrinkingFullCollection(),
				new RoomForTheNextBurst()::make, meters);
	}

	@Bean
	EndpointFilterSwitch containerCredentialsEndpoint(FilterRegistrationBean<HostHeaderFilter> hosts,
			TokenDirectory tokens, CredentialVending vending, EndpointProperties properties, WaitingRequests waiting,
			MeterRegistry meters, AdminProperties admin, WorkloadIdentities identities) {
		var unknownTokenHint = new UnknownTokenHint((token) -> tokens.find(token) != null, admin::isAdminToken);
		return new EndpointFilterSwitch(new ContainerCredentialsFilter(hosts.getFilter(), tokens, vending, properties,
				waiting, new EndpointMetrics(meters, waiting), unknownTokenHint, identities));
	}

	/**
	 * In Tomcat's engine pipeline on the server port (after Boot's remote-IP valve, when
	 * forwarded headers are trusted), ahead of the servlet layer, the MVC dispatcher and
	 * the Spring Security filter chain: a cached answer pays for no metrics machinery
	 * beyond its own counter.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerCredentialsValve(EndpointFilterSwitch endpoint) {
		return (factory) -> {
			ContainerEndpointValve valve = new ContainerEndpointValve(endpoint);
			// Connector customizers apply to the server port's connector only.
			factory.addConnectorCustomizers(valve::serve);
			factory.addEngineValves(valve);
		};
	}

}
