package dev.credbroker.imds.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.credbroker.audit.AuditLog;
import dev.credbroker.endpoint.AllowedHosts;
import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.imds.ImdsProperties;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.StsProperties;
import dev.credbroker.workload.WorkloadCatalog;

/**
 * Each IMDS listener is one more connector of the broker's Tomcat, on its own address and
 * port; {@link ImdsValve} keeps what comes in on it apart from everything else.
 */
@Configuration(proxyBeanMethods = false)
class ImdsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ImdsConfiguration.class);

	@Bean
	BoundWorkloads imdsBoundWorkloads(WorkloadCatalog workloads, ImdsProperties properties) {
		return new BoundWorkloads(workloads, properties);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> imdsListeners(ImdsProperties properties,
			EndpointProperties endpoint, StsProperties sts, BoundWorkloads workloads, CredentialVending vending,
			AuditLog audit, MeterRegistry meters, Clock clock) {
		validate(properties);
		return (factory) -> {
			if (properties.listeners().isEmpty()) {
				return;
			}
			ImdsRequests requests = new ImdsRequests(new AllowedHosts(endpoint.allowedHosts()), workloads, vending,
					endpoint.deadline(), properties.v1Enabled(), sts.region(), new ImdsMetrics(meters),
					new ImdsAudit(audit));
			ImdsValve valve = new ImdsValve(requests);
			for (ImdsProperties.Listener listener : properties.listeners()) {
				Connector connector = new Connector();
				connector.setPort(listener.port());
				connector.setProperty("address", listener.address());
				// A few local clients, each waiting at most the deadline: a handful of
				// threads, not Tomcat's 200.
				connector.setProperty("maxThreads", "8");
				connector.setProperty("minSpareThreads", "1");
				factory.addAdditionalConnectors(connector);
				valve.bind(connector, listener, new SessionTokens(clock));
				warnUnlessLoopback(listener);
				log.info("IMDS listener on {} serves workload '{}' (IMDSv1 {})", listener.describe(),
						listener.workload(), properties.v1Enabled() ? "enabled" : "off");
			}
			factory.addEngineValves(valve);
		};
	}

	/** A misconfigured listener stops the start, naming the property to fix. */
	static void validate(ImdsProperties properties) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < properties.listeners().size(); i++) {
			ImdsProperties.Listener listener = properties.listeners().get(i);
			String prefix = "credbroker.imds.listeners[" + i + "]";
			if (listener.port() < 1 || listener.port() > 65535) {
				throw new IllegalStateException(prefix + ".port must be from 1 to 65535, not " + listener.port());
			}
			if (listener.workload() == null || listener.workload().isBlank()) {
				throw new IllegalStateException(prefix + ".workload must name the one workload the listener serves");
			}
			if (!seen.add(listener.describe())) {
				throw new IllegalStateException(prefix + " binds " + listener.describe() + " a second time");
			}
		}
	}

	static void warnUnlessLoopback(ImdsProperties.Listener listener) {
		boolean loopback;
		try {
			loopback = InetAddress.getByName(listener.address()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			loopback = false;
		}
		if (!loopback) {
			log.warn(
					"IMDS listener on {} is not bound to a loopback address: everything that can reach it gets "
							+ "the credentials of workload '{}' without authentication",
					listener.describe(), listener.workload());
		}
	}

}
