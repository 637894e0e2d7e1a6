package dev.credbroker.ops;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	/** No HTML error pages on any path: Tomcat's own error report becomes JSON too. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		});
	}

	/**
	 * Tomcat keeps up to 500 closed connections' socket buffers (16 KB each) for reuse;
	 * after a burst of new connections that is 8 MB of heap held for good. The broker's
	 * connections are short and few at a time, so a small pool is enough.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSocketBufferPool() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setProperty("socket.bufferPool", "64"));
	}

}
