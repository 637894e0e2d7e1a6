package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for the vending world of an integration test class: its own moto (IAM
 * auth on), an {@link StsProxy} in front of it, and one broker (on a fresh data
 * directory) whose STS endpoint is the proxy and whose source {@code main} holds the
 * broker user's keys. Before and after each test the proxy is made healthy again and
 * forgets what it recorded; tests make fresh workloads ({@link #newWorkloadName}) so they
 * stay independent while sharing one broker.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.endpoint.deadline", "800ms"));
 * </pre>
 */
public final class VendingHarness
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	/** The source every workload of the harness draws on. */
	public static final String SOURCE = "main";

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final MotoServer moto = MotoServer.withIamAuth();

	private final Map<String, Object> properties;

	private final AtomicInteger workloads = new AtomicInteger();

	private Path dataDir;

	private StsProxy proxy;

	private BrokerApp broker;

	private VendingHarness(Map<String, Object> properties) {
		this.properties = properties;
	}

	/** A world whose broker runs with these properties on top of the defaults. */
	public static VendingHarness withProperties(Map<String, Object> properties) {
		return new VendingHarness(Map.copyOf(properties));
	}

	/**
	 * Starts moto, the proxy and the broker, creates the source {@code main} and issues
	 * once.
	 */
	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.moto.start();
		this.dataDir = Files.createTempDirectory("broker-data");
		this.proxy = StsProxy.to(this.moto.endpoint());
		this.proxy.normalizeMotoErrors(true);
		this.broker = BrokerApp.on(this.dataDir).stsEndpoint(this.proxy.endpoint());
		this.properties.forEach(this.broker::property);
		this.broker.start();
		HttpJson.Response source = putSource();
		assertThat(source.status()).as(source.toString()).isEqualTo(201);
		warmUp();
	}

	/** Creates (or replaces) the source {@code main} with the broker user's keys. */
	public HttpJson.Response putSource() {
		MotoIamFixture.Keys keys = this.moto.iam().broker();
		return this.broker.admin()
			.put("/admin/v1/sources/" + SOURCE, """
					{"type":"static","accessKeyId":"%s","secretAccessKey":"%s"}""".formatted(keys.accessKeyId(),
					keys.secretAccessKey()));
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			if (this.broker != null) {
				this.broker.close();
			}
			if (this.proxy != null) {
				this.proxy.close();
			}
			this.moto.stop();
		}
		finally {
			if (this.dataDir != null) {
				try (Stream<Path> paths = Files.walk(this.dataDir)) {
					paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
				}
			}
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		resetProxy();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		resetProxy();
	}

	/**
	 * Issues once, so that tests measure a warm broker: the first STS call of a JVM
	 * (client creation, class loading of the SDK's marshallers) can take longer than the
	 * endpoint deadline on a busy machine.
	 */
	private void warmUp() {
		awaitCredentials(createAppWorkload(newWorkloadName("warm-up")));
		resetProxy();
	}

	public StsProxy proxy() {
		return this.proxy;
	}

	public BrokerApp broker() {
		return this.broker;
	}

	public MotoIamFixture iam() {
		return this.moto.iam();
	}

	/**
	 * Back to a healthy STS: the proxy up, no faults or delays, nothing recorded, moto's
	 * errors normalised.
	 */
	public void resetProxy() {
		this.proxy.comeBack();
		this.proxy.reset();
		this.proxy.normalizeMotoErrors(true);
	}

	/** A workload name no other test of this broker uses. */
	public String newWorkloadName(String prefix) {
		return prefix + "-" + this.workloads.incrementAndGet();
	}

	/** Creates a workload from a request body and returns its token. */
	public String createWorkload(String name, String body) {
		HttpJson.Response created = this.broker.admin().put("/admin/v1/workloads/" + name, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	/** A workload made by a test: its name and its token. */
	public record TestWorkload(String name, String token) {
	}

	/** A fresh workload assuming the {@code app} role with no other recipe fields. */
	public TestWorkload newAppWorkload(String prefix) {
		String name = newWorkloadName(prefix);
		return new TestWorkload(name, createAppWorkload(name));
	}

	/** A fresh workload assuming the {@code locked} role, which STS refuses. */
	public TestWorkload newLockedWorkload(String prefix) {
		String name = newWorkloadName(prefix);
		return new TestWorkload(name, createWorkload(name, """
				{"source":"%s","type":"assume-role","roleArn":"%s","durationSeconds":3600}""".formatted(SOURCE,
				iam().lockedRoleArn())));
	}

	/**
	 * Creates a workload assuming the {@code app} role with no other recipe fields and
	 * returns its token.
	 */
	public String createAppWorkload(String name) {
		return createWorkload(name, assumeAppRole(""));
	}

	/**
	 * An assume-role body for the {@code app} role, with extra JSON members
	 * ({@code ,"externalId":"x"}) or "".
	 */
	public String assumeAppRole(String extraMembers) {
		return """
				{"source":"%s","type":"assume-role","roleArn":"%s","durationSeconds":3600%s}""".formatted(SOURCE,
				iam().appRoleArn(), extraMembers);
	}

	/** {@code GET /v1/credentials} with the raw token as {@code Authorization}. */
	public HttpJson.Response credentials(String token) {
		return this.broker.client(token).get("/v1/credentials");
	}

	/**
	 * The same request, timed and with the full response, through a plain
	 * {@link HttpClient}.
	 */
	public HttpResponse<String> rawCredentials(String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.broker.credentialsUri())
			.timeout(Duration.ofSeconds(30))
			.GET();
		if (token != null) {
			request.header("Authorization", token);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Polls {@code GET /v1/credentials} (as an SDK retrying 503s would) until it answers
	 * 200; that answer.
	 */
	public HttpResponse<String> awaitCredentials(String token) {
		return await("credentials for " + token.substring(0, Math.min(8, token.length())) + "…")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> rawCredentials(token), (answer) -> answer.statusCode() == 200);
	}

	/**
	 * The AssumeRole requests the proxy saw for this workload (by its default role
	 * session name).
	 */
	public List<RecordedRequest> assumeRoleCalls(String workload) {
		return this.proxy.requests("AssumeRole")
			.stream()
			.filter((request) -> ("credbroker-" + workload).equals(request.param("RoleSessionName")))
			.toList();
	}

	public MotoServer moto() {
		return this.moto;
	}

}
