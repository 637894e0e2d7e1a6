package dev.credbroker.ops;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	static final int SOCKET_BUFFER_SIZE = 4096;

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
	 * Smaller buffers per connection. A cold burst keeps a thousand requests in flight
	 * while they wait for STS, each with Tomcat's buffers: about 100 KB of heap apiece
	 * with the defaults (bench/run.sh). The broker's requests and answers are a few
	 * hundred bytes to a couple of KB, so:
	 * <ul>
	 * <li>socket read and write buffers of 4 KB instead of 8 KB (a request's headers may
	 * still be {@code server.max-http-request-header-size} long: Tomcat's header buffer
	 * is separate);</li>
	 * <li>a 4 KB response buffer ({@link CompactHttp11NioProtocol}); a larger answer is
	 * sent chunked;</li>
	 * <li>64 closed connections' socket buffers kept for reuse instead of 500, which
	 * after a burst of new connections would be heap held for good.</li>
	 * </ul>
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> compactConnectionBuffers() {
		return (factory) -> {
			factory.setProtocol(CompactHttp11NioProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER_SIZE));
				connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER_SIZE));
				connector.setProperty("socket.bufferPool", "64");
			});
		};
	}

}
