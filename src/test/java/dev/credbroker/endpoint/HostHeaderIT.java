package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;

/**
 * Against DNS rebinding: over plain http the broker answers only requests that name it by
 * an IP literal, {@code localhost} or a configured name. Sends real requests with a
 * chosen {@code Host} header (failsafe runs with
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host}).
 */
class HostHeaderIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static BrokerApp broker;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir).property("credbroker.endpoint.allowed-hosts", "broker.internal").start();
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@ParameterizedTest
	@CsvSource({ "/v1/credentials, evil.example", "/admin/v1/sources, evil.example", "/actuator/health, evil.example",
			"/actuator/health, evil.example:{port}", "/actuator/health, 127.0.0.1.nip.io:{port}",
			"/v1/credentials, broker.internal.evil.example", "/admin/v1/sources, localhost.evil.example:{port}" })
	void plainHttpWithAnUnknownHostNameIsMisdirected(String path, String host) throws Exception {
		HttpResponse<String> response = send(path, host);

		assertThat(response.statusCode()).isEqualTo(421);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).contains("\"code\":\"HostNotAllowed\"").doesNotContain("<html");
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:{port}", "127.0.0.1", "localhost:{port}", "LOCALHOST", "[::1]:{port}", "[::1]",
			"broker.internal", "broker.internal:{port}", "Broker.Internal:{port}", "169.254.170.2" })
	void ipLiteralsLocalhostAndConfiguredNamesPass(String host) throws Exception {
		assertThat(send("/actuator/health", host).statusCode()).isEqualTo(200);
		assertThat(send("/admin/v1/sources", host).statusCode()).isEqualTo(200);
		HttpResponse<String> credentials = send("/v1/credentials", host);
		assertThat(credentials.statusCode()).as("no workload token, but past the host check").isEqualTo(401);
	}

	private static HttpResponse<String> send(String path, String host) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(broker.baseUri().resolve(path))
			.header("Host", host.replace("{port}", Integer.toString(broker.port())))
			.header("Authorization", path.startsWith("/admin") ? "Bearer " + BrokerApp.ADMIN_TOKEN : "")
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
