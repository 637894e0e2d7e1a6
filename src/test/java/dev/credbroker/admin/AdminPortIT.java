package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.FreePorts;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.TestCertificates;

/**
 * {@code credbroker.admin.port}: the admin API on a port of its own (so a network policy
 * can admit operators without admitting every workload namespace), refused on the server
 * port, and nothing but the admin API on its port.
 */
class AdminPortIT {

	@Nested
	class PlainHttp {

		static BrokerApp broker;

		static int adminPort;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			adminPort = FreePorts.pick();
			broker = BrokerApp.on(dataDir).unreachableSts().property("credbroker.admin.port", adminPort).start();
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		HttpJson adminPort(String authorization) {
			return HttpJson.to(URI.create("http://127.0.0.1:" + adminPort), authorization);
		}

		@Test
		void theAdminApiAnswersOnItsOwnPort() {
			Response workloads = adminPort("Bearer " + BrokerApp.ADMIN_TOKEN).get("/admin/v1/workloads");
			assertThat(workloads.status()).as(workloads.body()).isEqualTo(200);
			assertThat(adminPort(null).get("/admin/v1/workloads").status()).isEqualTo(401);
		}

		@Test
		void theServerPortAnswers404ToTheAdminApiHoweverThePathIsSpelt() {
			for (String path : new String[] { "/admin/v1/workloads", "/%61dmin/v1/workloads", "/admin/./v1/workloads",
					"/x/../admin/v1/workloads", "/admin" }) {
				Response refused = broker.admin().get(path);
				assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(404);
				assertThat(refused.header("Content-Type")).as(path).startsWith("application/problem+json");
			}
			assertThat(broker.admin().put("/admin/v1/workloads/x", "{}").status()).isEqualTo(404);
		}

		@Test
		void theServerPortStillServesWorkloadsAndTheActuator() {
			assertThat(broker.client("no-such-token").get("/v1/credentials").status()).isEqualTo(401);
			assertThat(broker.client(null).get("/actuator/health/liveness").status()).isEqualTo(200);
		}

		@Test
		void theAdminPortServesNothingElse() {
			assertThat(adminPort("no-such-token").get("/v1/credentials").status()).isEqualTo(404);
			assertThat(adminPort(null).get("/actuator/health/liveness").status()).isEqualTo(404);
			assertThat(adminPort(null).get("/").status()).isEqualTo(404);
		}

		@Test
		void theConsoleIsServedOnTheAdminPortOnly() {
			Response console = adminPort(null).get("/console");
			assertThat(console.status()).as("the page needs no token").isEqualTo(200);
			assertThat(console.header("Content-Security-Policy")).startsWith("default-src 'none'");
			assertThat(adminPort(null).get("/console/console.js").status()).isEqualTo(200);
			assertThat(broker.client(null).get("/console").status()).isEqualTo(404);
			assertThat(broker.client(null).get("/console/console.js").status()).isEqualTo(404);
			assertThat(broker.client(null).get("/%63onsole/console.js").status()).isEqualTo(404);
		}

	}

	@Nested
	class OverTls {

		@TempDir
		static Path tls;

		static BrokerApp broker;

		static int adminPort;

		static HttpClient https;

		@BeforeAll
		static void start(@TempDir Path dataDir) throws Exception {
			TestCertificates certificates = TestCertificates.newCa(tls);
			certificates.issueServer(1001, tls.resolve("tls.crt"), tls.resolve("tls.key"));
			https = HttpClient.newBuilder().sslContext(certificates.sslContext()).build();
			adminPort = FreePorts.pick();
			broker = BrokerApp.on(dataDir)
				.unreachableSts()
				.property("credbroker.admin.port", adminPort)
				.property("server.ssl.bundle", "credbroker")
				.property("spring.ssl.bundle.pem.credbroker.keystore.certificate", tls.resolve("tls.crt").toString())
				.property("spring.ssl.bundle.pem.credbroker.keystore.private-key", tls.resolve("tls.key").toString())
				.start();
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		@Test
		void theAdminPortServesTheSameCertificate() throws Exception {
			HttpResponse<String> workloads = https
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + adminPort + "/admin/v1/workloads"))
					.timeout(Duration.ofSeconds(30))
					.header("Authorization", "Bearer " + BrokerApp.ADMIN_TOKEN)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(workloads.statusCode()).as(workloads.body()).isEqualTo(200);
			HttpResponse<String> refused = https
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + broker.port() + "/admin/v1/workloads"))
					.timeout(Duration.ofSeconds(30))
					.header("Authorization", "Bearer " + BrokerApp.ADMIN_TOKEN)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(404);
		}

	}

}
