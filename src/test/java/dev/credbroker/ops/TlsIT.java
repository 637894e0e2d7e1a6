package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.TestCertificates;

/**
 * The broker serving https from PEM files through a standard Spring Boot SSL bundle (no
 * code of its own: the README's four properties), real SDK clients fetching credentials
 * over it by name, and the certificate reloaded when the files change.
 */
class TlsIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	@TempDir
	static Path tls;

	static TestCertificates certificates;

	static HttpClient https;

	static BrokerApp broker;

	static String token;

	static String workloadAnswer;

	static String accessKeyId;

	@BeforeAll
	static void start(@TempDir Path dataDir) throws Exception {
		certificates = TestCertificates.newCa(tls);
		certificates.issueServer(1001, tls.resolve("tls.crt"), tls.resolve("tls.key"));
		https = HttpClient.newBuilder().sslContext(certificates.sslContext()).build();
		broker = BrokerScenario.broker(dataDir, moto.endpoint())
			.property("server.ssl.bundle", "credbroker")
			.property("spring.ssl.bundle.pem.credbroker.keystore.certificate", tls.resolve("tls.crt").toString())
			.property("spring.ssl.bundle.pem.credbroker.keystore.private-key", tls.resolve("tls.key").toString())
			.property("spring.ssl.bundle.pem.credbroker.reload-on-update", true)
			.property("spring.ssl.bundle.watch.file.quiet-period", "300ms")
			.start();
		assertThat(send("PUT", "/admin/v1/sources/main", BrokerScenario.staticSourceBody(moto.iam().broker()))
			.statusCode()).isEqualTo(201);
		HttpResponse<String> workload = send("PUT", "/admin/v1/workloads/app",
				BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn()));
		assertThat(workload.statusCode()).as(workload.body()).isEqualTo(201);
		workloadAnswer = workload.body();
		token = JsonMapper.builder().build().readTree(workload.body()).get("token").asString();
		HttpResponse<String> credentials = send("GET", "/v1/credentials", null);
		assertThat(credentials.statusCode()).as(credentials.body()).isEqualTo(200);
		accessKeyId = JsonMapper.builder().build().readTree(credentials.body()).get("AccessKeyId").asString();
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void theWorkloadAnswerPointsAtHttpsAndActuatorAnswersOverIt() {
		assertThat(JsonMapper.builder()
			.build()
			.readTree(workloadAnswer)
			.get("env")
			.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
			.asString()).isEqualTo("https://localhost:" + broker.port() + "/v1/credentials");
		assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
	}

	@Test
	void botocoreFetchesCredentialsOverHttpsByNameWhenItsCaStoreHasTheBrokerCa() throws IOException {
		// botocore verifies the container endpoint against certifi's bundle only (see the
		// next test), so the
		// workload image must carry the CA there; a certifi module answering the CA file
		// stands in for that.
		Path shadow = Files.createDirectories(tls.resolve("pythonpath/certifi"));
		Files.writeString(shadow.resolve("__init__.py"),
				"def where():\n    return %s\n\n\ndef contents():\n".formatted(pythonString(certificates.ca()))
						+ "    return open(where()).read()\n");
		Map<String, String> env = new HashMap<>(httpsEnv());
		env.put("PYTHONPATH", shadow.getParent().toString());

		ExternalClients.Result result = ExternalClients.botocore(env);

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.lastLine()).contains("\"access_key\": \"" + accessKeyId + "\"", "container-role");
	}

	@Test
	void botocoreIgnoresAwsCaBundleForTheContainerEndpointKnownSdkLimitation() {
		// aws/aws-cli#9016, boto/botocore#3789 (open): ContainerMetadataFetcher uses
		// certifi.where() only.
		Map<String, String> env = new HashMap<>(httpsEnv());
		env.put("AWS_CA_BUNDLE", certificates.ca().toString());

		ExternalClients.Result result = ExternalClients.botocore(env);

		assertThat(result.exitCode()).as("%s", result).isNotZero();
		assertThat(result.stderr()).contains("CERTIFICATE_VERIFY_FAILED");
	}

	@Test
	void botocoreRefusesPlainHttpToANonLoopbackNameBeforeConnecting() {
		ExternalClients.Result result = ExternalClients.botocore(BrokerScenario
			.containerEnv(URI.create("http://broker.internal:" + broker.port() + "/v1/credentials"), token));

		assertThat(result.exitCode()).as("%s", result).isNotZero();
		assertThat(result.stderr()).contains("Unsupported host 'broker.internal'");
	}

	@Test
	void theJavaSdkFetchesCredentialsOverHttpsWithATruststore() {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ExternalClients.Result result = ExternalClients.run(httpsEnv(), ExternalClients.TIMEOUT,
				List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
						"-Djavax.net.ssl.trustStore=" + certificates.truststore(),
						"-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12",
						JavaContainerClient.class.getName()));

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.lastLine()).isEqualTo(accessKeyId);
	}

	@Test
	void aNewCertificateWrittenOverThePemFilesIsServedWithoutRestart() {
		assertThat(certificates.servedSerial(broker.port())).isEqualTo(BigInteger.valueOf(1001));

		certificates.issueServer(2002, tls.resolve("tls.crt"), tls.resolve("tls.key"));

		await("the new certificate served").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> certificates.servedSerial(broker.port()), BigInteger.valueOf(2002)::equals);
		assertThat(send("GET", "/v1/credentials", null).statusCode()).isEqualTo(200);
	}

	private static Map<String, String> httpsEnv() {
		return BrokerScenario.containerEnv(URI.create("https://localhost:" + broker.port() + "/v1/credentials"), token);
	}

	private static String pythonString(Path path) {
		return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	private static HttpResponse<String> send(String method, String path, String json) {
		boolean admin = path.startsWith("/admin");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + broker.port() + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		String authorization = admin ? "Bearer " + BrokerApp.ADMIN_TOKEN : token;
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
