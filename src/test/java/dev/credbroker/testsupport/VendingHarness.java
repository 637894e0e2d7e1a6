package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The vending world of an integration test class: moto (from the class's {@link MotoServer} extension), an
 * {@link StsProxy} in front of it, and one broker whose STS endpoint is the proxy and whose source {@code main} holds
 * the broker user's keys. Tests make fresh workloads ({@link #newWorkloadName}) so they stay independent while
 * sharing one broker.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final MotoServer moto = MotoServer.withIamAuth();
 * static VendingHarness world;
 * &#64;BeforeAll
 * static void start(&#64;TempDir Path dataDir) { world = VendingHarness.start(moto, dataDir, Map.of()); }
 * &#64;AfterAll
 * static void stop() { world.close(); }
 * </pre>
 */
public final class VendingHarness implements AutoCloseable {

	/** The source every workload of the harness draws on. */
	public static final String SOURCE = "main";

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final MotoServer moto;

	private final StsProxy proxy;

	private final BrokerApp broker;

	private final AtomicInteger workloads = new AtomicInteger();

	private VendingHarness(MotoServer moto, StsProxy proxy, BrokerApp broker) {
		this.moto = moto;
		this.proxy = proxy;
		this.broker = broker;
	}

	/** Starts a proxy and a broker (with these extra properties) and creates the source {@code main}. */
	public static VendingHarness start(MotoServer moto, Path dataDir, Map<String, Object> properties) {
		StsProxy proxy = StsProxy.to(moto.endpoint());
		proxy.normalizeMotoErrors(true);
		BrokerApp broker = BrokerApp.on(dataDir).stsEndpoint(proxy.endpoint());
		properties.forEach(broker::property);
		broker.start();
		VendingHarness harness = new VendingHarness(moto, proxy, broker);
		MotoIamFixture.Keys keys = moto.iam().broker();
		HttpJson.Response source = broker.admin()
			.put("/admin/v1/sources/" + SOURCE, """
					{"type":"static","accessKeyId":"%s","secretAccessKey":"%s"}"""
				.formatted(keys.accessKeyId(), keys.secretAccessKey()));
		assertThat(source.status()).as(source.toString()).isEqualTo(201);
		harness.warmUp();
		return harness;
	}

	/**
	 * Issues once, so that tests measure a warm broker: the first STS call of a JVM (client creation, class loading
	 * of the SDK's marshallers) can take longer than the endpoint deadline on a busy machine.
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

	/** Back to a healthy STS: the proxy up, no faults or delays, nothing recorded, moto's errors normalised. */
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

	/** Creates a workload assuming the {@code app} role with no other recipe fields and returns its token. */
	public String createAppWorkload(String name) {
		return createWorkload(name, assumeAppRole(""));
	}

	/** An assume-role body for the {@code app} role, with extra JSON members ({@code ,"externalId":"x"}) or "". */
	public String assumeAppRole(String extraMembers) {
		return """
				{"source":"%s","type":"assume-role","roleArn":"%s","durationSeconds":3600%s}"""
			.formatted(SOURCE, iam().appRoleArn(), extraMembers);
	}

	/** {@code GET /v1/credentials} with the raw token as {@code Authorization}. */
	public HttpJson.Response credentials(String token) {
		return this.broker.client(token).get("/v1/credentials");
	}

	/** The same request, timed and with the full response, through a plain {@link HttpClient}. */
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

	/** Polls {@code GET /v1/credentials} (as an SDK retrying 503s would) until it answers 200; that answer. */
	public HttpResponse<String> awaitCredentials(String token) {
		return await("credentials for " + token.substring(0, Math.min(8, token.length())) + "…")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> rawCredentials(token), (answer) -> answer.statusCode() == 200);
	}

	/** The AssumeRole requests the proxy saw for this workload (by its default role session name). */
	public List<RecordedRequest> assumeRoleCalls(String workload) {
		return this.proxy.requests("AssumeRole")
			.stream()
			.filter((request) -> ("credbroker-" + workload).equals(request.param("RoleSessionName")))
			.toList();
	}

	public URI motoEndpoint() {
		return this.moto.endpoint();
	}

	@Override
	public void close() {
		this.broker.close();
		this.proxy.close();
	}

}
