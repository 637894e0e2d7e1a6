package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class TomcatConfigurationTest {

	private final Connector connector = customizedConnector();

	@Test
	void keepsFewClosedConnectionsBuffersAfterABurst() {
		assertThat(this.connector.getProperty("socket.bufferPool")).as("Tomcat's default is 500").hasToString("64");
	}

	@Test
	void givesEachConnectionSmallSocketBuffers() {
		assertThat(this.connector.getProperty("socket.appReadBufSize")).as("Tomcat's default is 8192")
			.hasToString("4096");
		assertThat(this.connector.getProperty("socket.appWriteBufSize")).as("Tomcat's default is 8192")
			.hasToString("4096");
	}

	@Test
	void givesEachResponseASmallBuffer() {
		assertThat(this.connector.getProtocolHandler()).isInstanceOf(CompactHttp11NioProtocol.class);
		assertThat(this.connector.createResponse(new Response()).getBufferSize()).as("the servlet default is 8192")
			.isEqualTo(4096);
	}

	private static Connector customizedConnector() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new TomcatConfiguration().compactConnectionBuffers().customize(factory);
		Connector connector = new Connector(factory.getProtocol());
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		return connector;
	}

}
