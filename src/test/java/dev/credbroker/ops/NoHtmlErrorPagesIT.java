package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.credbroker.testsupport.BrokerApp;

/**
 * Requests Tomcat rejects before any servlet runs still get JSON, never Tomcat's HTML
 * error page.
 */
class NoHtmlErrorPagesIT {

	@TempDir
	static Path dataDir;

	static BrokerApp broker;

	@BeforeAll
	static void start() {
		broker = BrokerApp.on(dataDir).unreachableSts().start();
	}

	@AfterAll
	static void stop() {
		broker.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GARBAGE\r\n\r\n",
			"GET /v1/cred entials HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" })
	void malformedRequestsGetAJsonError(String rawRequest) throws IOException {
		String response = exchange(rawRequest);

		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(response).containsIgnoringCase("Content-Type: application/json");
		assertThat(response).contains("\"code\":\"BadRequest\"").contains("\"Code\":\"BadRequest\"");
		assertThat(response).doesNotContainIgnoringCase("<html");
	}

	private static String exchange(String rawRequest) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", broker.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
