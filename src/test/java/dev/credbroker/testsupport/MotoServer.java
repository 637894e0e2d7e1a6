package dev.credbroker.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension running {@code moto_server} (moto 5.2.1) as a child process on a free
 * loopback port and seeding a {@link MotoIamFixture} into it.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final MotoServer moto = MotoServer.withIamAuth();
 * </pre>
 *
 * <h2>IAM auth and {@code INITIAL_NO_AUTH_ACTION_COUNT}</h2> With {@link #withIamAuth()}
 * moto is started with {@code INITIAL_NO_AUTH_ACTION_COUNT=3}, exactly the
 * {@link MotoIamSeeder#UNAUTHENTICATED_ACTIONS} the seeding needs to create an
 * all-powerful {@code admin} user and its key. How moto 5.2.1 counts (checked
 * experimentally and in {@code moto/core/authorization.py}):
 * <ul>
 * <li>one global counter for all services, incremented when a request reaches an AWS
 * action handler, <em>before</em> the action runs: failed actions (e.g. NoSuchEntity) and
 * GetCallerIdentity count;</li>
 * <li>requests signed with garbage keys count (nothing is checked yet); unsigned requests
 * count too, but moto then routes them to S3 (it picks the service from the SigV4
 * credential scope);</li>
 * <li>requests for an unknown Action (moto answers 500 before the handler) and
 * {@code /moto-api/*} calls do not count;</li>
 * <li>once the counter reaches N, every action must carry a valid SigV4 signature of a
 * moto IAM key and be allowed by IAM policy; checked requests no longer increment the
 * counter.</li>
 * </ul>
 * With {@link #withoutAuth()} the variable is not set (moto's default: never check).
 *
 * <h2>Outage drills</h2> {@link #stop()} kills moto (and its process tree);
 * {@link #start()} starts it again on the SAME port. moto keeps its state only in memory,
 * so a restart loses all users, roles and sessions. {@link #start()} therefore re-seeds;
 * because it first seeds moto's random generator ({@code POST /moto-api/seed?a=...}), the
 * re-seeded fixture has the SAME ids, ARNs and access keys: {@code iam()} is equal before
 * and after a restart. Credentials obtained from AssumeRole before the restart, and users
 * made with {@link MotoIamFixture#createUser}, are gone afterwards.
 *
 * <p>
 * moto's output goes to {@code target/moto/moto-PORT.log}.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

	private static final String REGION = "us-east-1";

	private static final long RANDOM_SEED = 20_26L;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final boolean iamAuth;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private Process process;

	private MotoIamFixture fixture;

	private MotoServer(boolean iamAuth) {
		this.iamAuth = iamAuth;
		this.port = FreePorts.pick();
	}

	/** moto checking signatures and IAM policies after the seeding. */
	public static MotoServer withIamAuth() {
		return new MotoServer(true);
	}

	/** moto accepting any request (any key, any signature). */
	public static MotoServer withoutAuth() {
		return new MotoServer(false);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/**
	 * Starts moto on {@link #port()} (no-op when running), waits until it answers and
	 * seeds the fixture.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		process = launch();
		await("moto_server answering on port " + port).atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(
							"moto_server exited with " + process.exitValue() + ", see " + logFile());
				}
				return post("/moto-api/seed?a=" + RANDOM_SEED) == 200;
			});
		fixture = MotoIamFixture.seed(endpoint(), REGION);
	}

	/**
	 * Kills moto and its process tree and waits until the port is closed. No-op when not
	 * running.
	 */
	public synchronized void stop() {
		if (process == null) {
			return;
		}
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		await("moto_server gone").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !process.isAlive() && !FreePorts.isListening(port));
		process = null;
	}

	public synchronized boolean isRunning() {
		return process != null && process.isAlive();
	}

	/** The seeded fixture (valid while moto runs; equal after a restart). */
	public synchronized MotoIamFixture iam() {
		if (fixture == null) {
			throw new IllegalStateException("moto not started");
		}
		return fixture;
	}

	/** {@code http://127.0.0.1:PORT}, stable across {@link #stop()}/{@link #start()}. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port);
	}

	public int port() {
		return port;
	}

	public String region() {
		return REGION;
	}

	public boolean iamAuth() {
		return iamAuth;
	}

	/** File receiving moto's stdout and stderr. */
	public Path logFile() {
		return Path.of(System.getProperty("basedir", "."), "target", "moto", "moto-" + port + ".log");
	}

	private Process launch() {
		try {
			Files.createDirectories(logFile().getParent());
			ProcessBuilder builder = new ProcessBuilder(List.of("moto_server", "-H", "127.0.0.1", "-p", "" + port))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
			builder.environment().remove("INITIAL_NO_AUTH_ACTION_COUNT");
			if (iamAuth) {
				builder.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "" + MotoIamSeeder.UNAUTHENTICATED_ACTIONS);
			}
			return builder.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start moto_server (is it on PATH?)", e);
		}
	}

	private int post(String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(endpoint().resolve(path))
				.timeout(Duration.ofSeconds(2))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException e) {
			return -1;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}
