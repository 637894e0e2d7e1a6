package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Steps the operations tests share on a running {@link BrokerApp}: register sources and
 * workloads through the admin API, fetch credentials, read Actuator. Every exchange made
 * through here is kept ({@link #exchanges()}), so a test can check all of them for
 * secrets.
 */
public final class BrokerScenario {

	/**
	 * Long enough that a miss never turns into 503 on a busy machine, so outcome counts
	 * are exact.
	 */
	public static final Duration PATIENT_DEADLINE = Duration.ofSeconds(20);

	private final BrokerApp broker;

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	/** A request made through this scenario and its response. */
	public record Exchange(String method, String path, HttpJson.Response response) {
	}

	public BrokerScenario(BrokerApp broker) {
		this.broker = broker;
	}

	/**
	 * A broker (not started) on {@code dataDir} calling STS at {@code sts}, with a
	 * patient endpoint deadline.
	 */
	public static BrokerApp broker(Path dataDir, URI sts) {
		return BrokerApp.on(dataDir).stsEndpoint(sts).property("credbroker.endpoint.deadline", PATIENT_DEADLINE);
	}

	public BrokerApp app() {
		return this.broker;
	}

	/** Every request made through this scenario with its response, oldest first. */
	public List<Exchange> exchanges() {
		return List.copyOf(this.exchanges);
	}

	public HttpJson.Response adminGet(String path) {
		return keep("GET", path, this.broker.admin().get(path));
	}

	public HttpJson.Response adminPut(String path, String json) {
		return keep("PUT", path, this.broker.admin().put(path, json));
	}

	public HttpJson.Response adminPost(String path, String json) {
		return keep("POST", path, this.broker.admin().post(path, json));
	}

	/** An unauthenticated GET (Actuator). */
	public HttpJson.Response get(String path) {
		return keep("GET", path, this.broker.client(null).get(path));
	}

	/** {@code GET /v1/credentials} with the raw workload token. */
	public HttpJson.Response credentials(String token) {
		return keep("GET", "/v1/credentials", this.broker.client(token).get("/v1/credentials"));
	}

	/** {@code GET /v1/credentials}, expected to answer 200. */
	public HttpJson.Response okCredentials(String token) {
		HttpJson.Response response = credentials(token);
		assertThat(response.status()).as("credentials: %s", response).isEqualTo(200);
		return response;
	}

	public void staticSource(String name, MotoIamFixture.Keys keys) {
		source(name, staticSourceBody(keys));
	}

	/**
	 * The body of a {@code PUT /admin/v1/sources/{name}} for a static source with these
	 * keys.
	 */
	public static String staticSourceBody(MotoIamFixture.Keys keys) {
		return "{\"type\":\"static\",\"accessKeyId\":\"%s\",\"secretAccessKey\":\"%s\"}".formatted(keys.accessKeyId(),
				keys.secretAccessKey());
	}

	/** The body of a {@code PUT /admin/v1/workloads/{name}} for an assume-role recipe. */
	public static String assumeRoleBody(String source, String roleArn) {
		return "{\"source\":\"%s\",\"type\":\"assume-role\",\"roleArn\":\"%s\"}".formatted(source, roleArn);
	}

	public void mfaSource(String name, MotoIamFixture.Keys keys, String mfaSerial) {
		source(name, "{\"type\":\"static\",\"accessKeyId\":\"%s\",\"secretAccessKey\":\"%s\",\"mfaSerial\":\"%s\"}"
			.formatted(keys.accessKeyId(), keys.secretAccessKey(), mfaSerial));
	}

	private void source(String name, String json) {
		HttpJson.Response response = adminPut("/admin/v1/sources/" + name, json);
		assertThat(response.status()).as("PUT source %s: %s", name, response).isIn(200, 201);
	}

	/** Creates a workload from a JSON recipe and returns its token. */
	public String workload(String name, String json) {
		HttpJson.Response response = adminPut("/admin/v1/workloads/" + name, json);
		assertThat(response.status()).as("PUT workload %s: %s", name, response).isEqualTo(201);
		return response.json().get("token").asString();
	}

	/**
	 * An assume-role workload of {@code source} for {@code roleArn}; returns its token.
	 */
	public String assumeRole(String name, String source, String roleArn) {
		return workload(name, assumeRoleBody(source, roleArn));
	}

	/** The parsed {@code /actuator/prometheus}. */
	public PrometheusText prometheus() {
		HttpJson.Response response = get("/actuator/prometheus");
		assertThat(response.status()).as("prometheus: %s", response).isEqualTo(200);
		return PrometheusText.parse(response.body());
	}

	/**
	 * Waits until {@code path} answers {@code status} (e.g. a health group going DOWN).
	 */
	public HttpJson.Response awaitStatus(String path, int status, Duration atMost) {
		return await(path + " answering " + status).atMost(atMost)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(path), (response) -> response.status() == status);
	}

	/**
	 * The environment a botocore or CLI process needs to fetch credentials for
	 * {@code token} from {@code uri}.
	 */
	public static Map<String, String> containerEnv(URI uri, String token) {
		return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.toString(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
	}

	/**
	 * Closes each non-null resource in order (a broker before the proxy it calls), for
	 * {@code @AfterAll}.
	 */
	public static void closeAll(AutoCloseable... resources) throws Exception {
		for (AutoCloseable resource : resources) {
			if (resource != null) {
				resource.close();
			}
		}
	}

	private HttpJson.Response keep(String method, String path, HttpJson.Response response) {
		this.exchanges.add(new Exchange(method, path, response));
		return response;
	}

}
