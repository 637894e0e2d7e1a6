package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;

/**
 * On Kubernetes ({@code KUBERNETES_SERVICE_HOST} set in every pod) Spring Boot would
 * trust {@code X-Forwarded-*} from any private address. The broker turns that off: none
 * of the four things a forged header could change does change.
 */
class ForwardedHeadersIT {

	private static final Map<String, String> FORGED = Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto",
			"https", "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "443");

	static BrokerApp broker;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir)
			.unreachableSts()
			.environmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1")
			.environmentVariable("KUBERNETES_SERVICE_PORT", "443")
			.property("credbroker.endpoint.bad-token-limit", 3)
			.property("credbroker.endpoint.bad-token-window", "1h")
			.start();
		HttpJson.Response source = broker.admin()
			.put("/admin/v1/sources/main", "{\"type\":\"static\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\","
					+ "\"secretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}");
		assertThat(source.status()).as("%s", source).isEqualTo(201);
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void theBrakeCountsTheRealAddressWhateverXForwardedForSays() {
		List<Integer> guesses = IntStream.range(0, 4)
			.mapToObj((i) -> broker.client("cbw_guess_" + i)
				.withHeaders(Map.of("X-Forwarded-For", "198.51.100." + i))
				.get("/v1/credentials")
				.status())
			.toList();

		assertThat(guesses).containsExactly(401, 401, 401, 503);
	}

	@Test
	void xForwardedProtoHttpsDoesNotSkipTheHostCheck() {
		HttpJson.Response response = broker.client("cbw_any")
			.withHeaders(Map.of("Host", "evil.example", "X-Forwarded-Proto", "https"))
			.get("/v1/credentials");

		assertThat(response.status()).isEqualTo(421);
		assertThat(response.json().get("code").asString()).isEqualTo("HostNotAllowed");
	}

	@Test
	void theAuditRecordsTheRealClientAddressAndTheEnvUrlIgnoresXForwardedHost() {
		HttpJson.Response created = broker.admin()
			.withHeaders(FORGED)
			.put("/admin/v1/workloads/forged",
					"{\"source\":\"main\",\"type\":\"session-token\",\"durationSeconds\":3600}");

		assertThat(created.status()).as("%s", created).isEqualTo(201);
		String url = created.json().get("env").get("AWS_CONTAINER_CREDENTIALS_FULL_URI").asString();
		assertThat(url).isEqualTo("http://127.0.0.1:" + broker.port() + "/v1/credentials");
		JsonNode event = broker.admin().get("/admin/v1/audit?workload=forged&limit=1").json().get(0);
		assertThat(event.get("clientAddress").asString()).isEqualTo("127.0.0.1");
	}

}
