package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class TomcatConfigurationTest {

	@Test
	void keepsFewClosedConnectionsBuffersAfterABurst() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new TomcatConfiguration().smallSocketBufferPool().customize(factory);
		Connector connector = new Connector();
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));

		assertThat(connector.getProperty("socket.bufferPool")).as("Tomcat's default is 500").hasToString("64");
	}

}
