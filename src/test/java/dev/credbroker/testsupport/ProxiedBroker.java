package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoIamFixture.Keys;

/**
 * The broker under test with a recording {@link StsProxy} in front of moto for both its
 * STS and IAM calls, plus the admin steps end-to-end tests repeat (register a source, a
 * workload, fetch credentials as the workload).
 *
 * <pre>
 * try (ProxiedBroker it = ProxiedBroker.start(moto, dataDir)) {
 *     it.putStaticSource("main", moto.iam().broker(), null);
 *     String token = it.createWorkload("app", ProxiedBroker.assumeRole("main", roleArn, 3600));
 *     assertThat(it.credentials(token).status()).isEqualTo(200);
 *     assertThat(it.proxy().count("AssumeRole")).isEqualTo(1);
 * }
 * </pre>
 *
 * The endpoint deadline is raised to 20 s so that a busy test machine never turns a first
 * issuance into {@code 503 Retry-After} (which an SDK would simply retry).
 */
public final class ProxiedBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MotoServer moto;

	private boolean normalizeMotoErrors;

	private Path ownDataDir;

	private StsProxy proxy;

	private BrokerApp broker;

	private ProxiedBroker(MotoServer moto) {
		this.moto = moto;
	}

	/**
	 * A proxy in front of {@code moto} and a broker on {@code dataDir} calling STS and
	 * IAM through it.
	 */
	public static ProxiedBroker start(MotoServer moto, Path dataDir) {
		ProxiedBroker started = new ProxiedBroker(moto);
		started.startOn(dataDir);
		return started;
	}

	/**
	 * As a JUnit extension, registered after {@code moto} ({@code @Order}): started
	 * before all tests of the class on a data directory of its own, the proxy reset
	 * before each test, everything stopped and removed after all.
	 */
	public static ProxiedBroker perClass(MotoServer moto) {
		return new ProxiedBroker(moto);
	}

	/**
	 * Have the proxy rewrite moto's EC2-shaped auth errors into the STS shape, also after
	 * each reset.
	 */
	public ProxiedBroker normalizingMotoErrors() {
		this.normalizeMotoErrors = true;
		return this;
	}

	private void startOn(Path dataDir) {
		this.proxy = StsProxy.to(this.moto.endpoint());
		this.proxy.normalizeMotoErrors(this.normalizeMotoErrors);
		this.broker = BrokerApp.on(dataDir)
			.stsEndpoint(this.proxy.endpoint())
			.property("credbroker.iam.endpoint", this.proxy.endpoint().toString())
			.property("credbroker.endpoint.deadline", "20s");
		try {
			this.broker.start();
		}
		catch (RuntimeException ex) {
			this.proxy.close();
			throw ex;
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.ownDataDir = Files.createTempDirectory("credbroker-it");
		startOn(this.ownDataDir);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.proxy.reset();
		this.proxy.normalizeMotoErrors(this.normalizeMotoErrors);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		close();
		try (Stream<Path> files = Files.walk(this.ownDataDir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	public StsProxy proxy() {
		return this.proxy;
	}

	public BrokerApp broker() {
		return this.broker;
	}

	public HttpJson admin() {
		return this.broker.admin();
	}

	/**
	 * {@code PUT /admin/v1/sources/{name}} of a static source with these keys (and MFA
	 * serial, may be null).
	 */
	public Response putStaticSource(String name, Keys keys, String mfaSerial) {
		return this.broker.admin()
			.put("/admin/v1/sources/" + name, json("type", "static", "accessKeyId", keys.accessKeyId(),
					"secretAccessKey", keys.secretAccessKey(), "mfaSerial", mfaSerial));
	}

	/** {@code GET /admin/v1/sources/{name}}, expecting 200. */
	public JsonNode source(String name) {
		Response response = this.broker.admin().get("/admin/v1/sources/" + name);
		assertThat(response.status()).as("GET source %s: %s", name, response).isEqualTo(200);
		return response.json();
	}

	/**
	 * {@code PUT /admin/v1/workloads/{name}} creating it (expects 201); returns its
	 * token.
	 */
	public String createWorkload(String name, String recipeJson) {
		Response response = this.broker.admin().put("/admin/v1/workloads/" + name, recipeJson);
		assertThat(response.status()).as("PUT workload %s: %s", name, response).isEqualTo(201);
		return response.json().get("token").asString();
	}

	/** {@code GET /v1/credentials} as the workload with this token. */
	public Response credentials(String workloadToken) {
		return this.broker.client(workloadToken).get("/v1/credentials");
	}

	/** {@link #credentials} expecting 200. */
	public JsonNode issuedCredentials(String workloadToken) {
		Response response = credentials(workloadToken);
		assertThat(response.status()).as("GET /v1/credentials: %s", response).isEqualTo(200);
		return response.json();
	}

	/**
	 * The one request with this Action the proxy saw (fails unless there was exactly
	 * one).
	 */
	public RecordedRequest single(String action) {
		List<RecordedRequest> requests = this.proxy.requests(action);
		assertThat(requests).as(action + " requests").hasSize(1);
		return requests.get(0);
	}

	/** The messages of a problem's {@code errors[]} entries for this field. */
	public static List<String> fieldErrors(Response problem, String field) {
		List<String> messages = new ArrayList<>();
		JsonNode errors = problem.json().get("errors");
		if (errors != null) {
			for (JsonNode error : errors) {
				if (field.equals(error.get("field").asString())) {
					messages.add(error.get("message").asString());
				}
			}
		}
		return messages;
	}

	/** An assume-role recipe. */
	public static String assumeRole(String source, String roleArn, int durationSeconds) {
		return json("source", source, "type", "assume-role", "roleArn", roleArn, "durationSeconds", durationSeconds);
	}

	/** A session-token recipe. */
	public static String sessionToken(String source) {
		return json("source", source, "type", "session-token");
	}

	/** A JSON object of name/value pairs; pairs with a null value are left out. */
	public static String json(Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
		}
		return JSON.writeValueAsString(fields);
	}

	@Override
	public void close() {
		try {
			if (this.broker != null) {
				this.broker.close();
			}
		}
		finally {
			if (this.proxy != null) {
				this.proxy.close();
			}
		}
	}

}
