package dev.credbroker.admin;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.SslConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.core.Ordered;

/**
 * The Tomcat connector of {@code credbroker.admin.port}: same address and TLS (and TLS
 * reloads) as the server port. Runs after Spring Boot's own customizers, which set the
 * address and the SSL bundle.
 */
class AdminConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final Connector connector;

	AdminConnector(int port) {
		this.connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		this.connector.setPort(port);
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (factory.getAddress() != null) {
			this.connector.setProperty("address", factory.getAddress().getHostAddress());
		}
		Ssl ssl = factory.getSsl();
		if (ssl != null && ssl.isEnabled()) {
			SslConnectorCustomizer tls = new SslConnectorCustomizer(LogFactory.getLog(AdminConnector.class),
					this.connector, ssl.getClientAuth());
			SslBundles bundles = factory.getSslBundles();
			tls.customize(WebServerSslBundle.get(ssl, bundles), Map.of());
			if (ssl.getBundle() != null && bundles != null) {
				bundles.addBundleUpdateHandler(ssl.getBundle(), (bundle) -> tls.update(null, bundle));
			}
		}
		factory.addAdditionalConnectors(this.connector);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** The port the connector listens on (the chosen one when configured as 0). */
	int localPort() {
		return this.connector.getLocalPort();
	}

}
