package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerApp;

/**
 * Requests Tomcat rejects before any servlet runs still get JSON, never Tomcat's HTML
 * error page.
 */
class NoHtmlErrorPagesIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	static Stream<Arguments> rejectedAdminAndActuatorRequests() {
		String auth = "Authorization: Bearer " + BrokerApp.ADMIN_TOKEN + "\r\n";
		String utf8 = new String("/admin/v1/sources/m\u00e4in".getBytes(StandardCharsets.UTF_8),
				StandardCharsets.ISO_8859_1);
		return Stream.of(Arguments.of("encoded slash", "GET /admin/v1/sources/a%2Fb HTTP/1.1\r\n" + auth, 400),
				Arguments.of("encoded NUL", "GET /admin/v1/sources/a%00b HTTP/1.1\r\n" + auth, 400),
				Arguments.of("raw UTF-8 bytes", "GET " + utf8 + " HTTP/1.1\r\n" + auth, 400),
				Arguments.of("encoded slash, no token", "DELETE /admin/v1/workloads/a%2Fb HTTP/1.1\r\n", 400),
				Arguments.of("Accept: garbage", "GET /admin/v1/sources HTTP/1.1\r\nAccept: garbage\r\n" + auth, 400),
				Arguments.of("Actuator, Accept: garbage", "GET /actuator/health HTTP/1.1\r\nAccept: garbage\r\n", 400),
				Arguments.of("Actuator, encoded slash", "GET /actuator/health%2Fliveness HTTP/1.1\r\n", 400),
				Arguments.of("GET /error", "GET /error HTTP/1.1\r\n", 404),
				Arguments.of("admin over HTTP/2.0", "GET /admin/v1/sources HTTP/2.0\r\n" + auth, 505),
				Arguments.of("Actuator over HTTP/2.0", "GET /actuator/health HTTP/2.0\r\n", 505));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejectedAdminAndActuatorRequests")
	void rejectedAdminAndActuatorRequestsGetAProblem(String rule, String requestHead, int status) throws IOException {
		String response = exchange(requestHead + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 " + status);
		assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
		JsonNode problem = JSON.readTree(body(response));
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isEqualTo(HttpStatus.valueOf(status).getReasonPhrase());
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(response).doesNotContainIgnoringCase("<html").doesNotContain("trace");
	}

	static Stream<Arguments> rejectedContainerRequests() {
		return Stream.of(Arguments.of("encoded slash", "GET /v1/credentials%2Fx HTTP/1.1\r\n", 400, "BadRequest"),
				Arguments.of("HTTP/2.0", "GET /v1/credentials HTTP/2.0\r\n", 505, "HttpVersionNotSupported"), Arguments
					.of("Accept: garbage", "GET /v1/credentials HTTP/1.1\r\nAccept: garbage\r\n", 401, "Unauthorized"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejectedContainerRequests")
	void rejectedContainerRequestsKeepTheEndpointsShape(String rule, String requestHead, int status, String code)
			throws IOException {
		String response = exchange(requestHead + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 " + status);
		assertThat(response).containsIgnoringCase("Content-Type: application/json");
		JsonNode error = JSON.readTree(body(response));
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("Code").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).isEqualTo(error.get("Message").asString()).isNotBlank();
	}

	private static String body(String response) {
		int end = response.indexOf("\r\n\r\n");
		String body = response.substring(end + 4);
		if (!response.substring(0, end).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
			return body;
		}
		StringBuilder joined = new StringBuilder();
		int at = 0;
		for (int size; (size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).trim(), 16)) > 0;) {
			int start = body.indexOf("\r\n", at) + 2;
			joined.append(body, start, start + size);
			at = start + size + 2;
		}
		return joined.toString();
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
