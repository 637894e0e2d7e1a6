package dev.credbroker.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says so at start when the broker serves plain http beyond loopback: SDKs refuse http to
 * any host but loopback and 169.254.170.2/.23, and tokens would cross the network in the
 * clear.
 */
@Component
class PlainHttpWarning implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger log = LoggerFactory.getLogger(PlainHttpWarning.class);

	private final Environment environment;

	PlainHttpWarning(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		boolean tls = servesTls(this.environment);
		String address = this.environment.getProperty("server.address", "");
		if (!tls && !isLoopback(address)) {
			log.warn(
					"Serving plain http on {}:{}. Workload tokens cross the network in the clear, and SDKs accept "
							+ "plain http only for 127.0.0.1 and 169.254.170.2/.23: serve TLS (server.ssl.bundle) for "
							+ "workloads that reach the broker by name.",
					address.isEmpty() ? "all interfaces" : address, event.getWebServer().getPort());
		}
	}

	/** Whether the web server is configured for TLS (an SSL bundle or server.ssl.*). */
	static boolean servesTls(Environment environment) {
		return environment.containsProperty("server.ssl.bundle")
				|| environment.getProperty("server.ssl.enabled", Boolean.class, false);
	}

	static boolean isLoopback(String address) {
		if (address.isEmpty()) {
			return false;
		}
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
