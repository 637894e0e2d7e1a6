package dev.credbroker.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Recording, fault-injecting HTTP proxy on a free loopback port, meant to sit between the
 * code under test and moto's STS/IAM endpoint.
 *
 * <p>
 * Requests are forwarded unchanged: method, path, query, body and headers, <em>including
 * {@code Host}</em>. SigV4 signs the Host the client connected to (the proxy), so moto
 * must see that same Host to verify the signature. The JDK {@link HttpClient} only lets
 * us set Host when the JVM runs with {@code -Djdk.httpclient.allowRestrictedHeaders=host}
 * (the failsafe plugin sets it); the constructor fails fast without it.
 *
 * <ul>
 * <li>every request is recorded ({@link #requests()}, {@link #count(String)}) before
 * delays and faults, so faulted attempts are counted too;</li>
 * <li>{@link #failNext} answers with an STS XML error instead of forwarding;</li>
 * <li>{@link #respondNext} answers with a canned response instead of forwarding (actions
 * moto lacks);</li>
 * <li>{@link #delayNext}/{@link #delayAll} wait before answering (slow STS);</li>
 * <li>{@link #hold()}/{@link #release()} keep every request waiting, after it is
 * recorded, until released (a latch: the test decides when STS answers);</li>
 * <li>{@link #goDown()}/{@link #comeBack()} stop and restart listening on the SAME port:
 * clients get "connection refused", as in a real outage;</li>
 * <li>when the upstream is unreachable (moto stopped) the proxy answers 502 Bad Gateway,
 * like a load balancer in front of a dead backend.</li>
 * </ul>
 * By default every response carries {@code Connection: close}, so clients never reuse a
 * connection across {@link #goDown()}/{@link #comeBack()} and outage drills are
 * deterministic (no stale pooled connection failing the first request after recovery);
 * {@link #keepAlive(boolean)} turns that off. Thread-safe.
 */
public final class StsProxy implements AutoCloseable {

	private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding",
			"keep-alive", "expect", "upgrade", "te", "trailer", "proxy-connection", "date");

	private CountDownLatch gate;

	private final URI upstream;

	private final int port;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "sts-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Fault> faults = new ArrayList<>();

	private Duration nextDelay = Duration.ZERO;

	private Duration allDelay = Duration.ZERO;

	private boolean keepAlive;

	private boolean normalizeMotoErrors;

	private HttpServer server;

	/**
	 * A prepared answer given instead of forwarding: an STS error or a canned response.
	 */
	private record Fault(String action, int status, String contentType, String body) {
	}

	private StsProxy(URI upstream) {
		requireHostHeaderAllowed();
		this.upstream = upstream;
		this.port = FreePorts.pick();
		comeBack();
	}

	/** A running proxy forwarding to {@code upstream} (e.g. {@code moto.endpoint()}). */
	public static StsProxy to(URI upstream) {
		return new StsProxy(upstream);
	}

	/**
	 * {@code http://127.0.0.1:PORT}, stable across {@link #goDown()}/{@link #comeBack()}.
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port);
	}

	public int port() {
		return port;
	}

	/** All requests so far, oldest first. */
	public List<RecordedRequest> requests() {
		return List.copyOf(requests);
	}

	/** Requests with the given AWS Action, oldest first. */
	public List<RecordedRequest> requests(String action) {
		return requests.stream().filter(r -> action.equals(r.action())).toList();
	}

	/** Number of requests with the given AWS Action. */
	public int count(String action) {
		return requests(action).size();
	}

	/**
	 * Forgets recorded requests, pending faults and delays; restores the default options.
	 */
	public synchronized void reset() {
		release();
		requests.clear();
		keepAlive = false;
		normalizeMotoErrors = false;
		faults.clear();
		nextDelay = Duration.ZERO;
		allDelay = Duration.ZERO;
	}

	/**
	 * The next {@code times} requests (any Action) get an STS error; type Sender for 4xx,
	 * Receiver otherwise.
	 */
	public void failNext(int times, int status, String errorCode, String message) {
		failNext(null, times, status, errorCode, message);
	}

	/** The next {@code times} requests with this Action (null = any) get an STS error. */
	public synchronized void failNext(String action, int times, int status, String errorCode, String message) {
		for (int i = 0; i < times; i++) {
			faults.add(new Fault(action, status, "text/xml", errorXml(status, errorCode, message)));
		}
	}

	/**
	 * The next request with this Action (null = any) gets this answer instead of being
	 * forwarded, e.g. a real STS response for an action moto does not implement. Recorded
	 * like any other request.
	 */
	public synchronized void respondNext(String action, int status, String contentType, String body) {
		faults.add(new Fault(action, status, contentType, body));
	}

	/** The next request waits this long before it is answered. */
	public synchronized void delayNext(Duration delay) {
		nextDelay = delay;
	}

	/**
	 * Every request waits this long before it is answered, until {@link #reset()} or
	 * {@code delayAll(ZERO)}.
	 */
	public synchronized void delayAll(Duration delay) {
		allDelay = delay;
	}

	/**
	 * Whether clients may keep connections open (default false:
	 * {@code Connection: close}).
	 */
	public synchronized void keepAlive(boolean enabled) {
		keepAlive = enabled;
	}

	/**
	 * Whether to rewrite moto's EC2-shaped auth errors ({@code <Errors><Error>}) into the
	 * STS shape the Java SDK can parse (default false: forward unchanged). See
	 * {@link MotoErrors}.
	 */
	public synchronized void normalizeMotoErrors(boolean enabled) {
		normalizeMotoErrors = enabled;
	}

	/**
	 * Every request from now on waits, after it is recorded, until {@link #release()}.
	 */
	public synchronized void hold() {
		if (this.gate == null) {
			this.gate = new CountDownLatch(1);
		}
	}

	/** Lets every held request go on, and stops holding new ones. */
	public synchronized void release() {
		if (this.gate != null) {
			this.gate.countDown();
			this.gate = null;
		}
	}

	private synchronized CountDownLatch gate() {
		return this.gate;
	}

	/**
	 * Stops listening: new connections are refused, open ones are closed. Same port on
	 * {@link #comeBack()}.
	 */
	public synchronized void goDown() {
		if (server != null) {
			server.stop(0);
			server = null;
		}
		await("proxy port closed").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !FreePorts.isListening(port));
	}

	/** Listens again on the same port (no-op when up). */
	public synchronized void comeBack() {
		if (server != null) {
			return;
		}
		await("proxy bound to port " + port).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptionsInstanceOf(BindException.class)
			.until(this::bind);
	}

	public synchronized boolean isUp() {
		return server != null;
	}

	@Override
	public void close() {
		goDown();
		executor.shutdownNow();
	}

	private boolean bind() throws IOException {
		HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		created.setExecutor(executor);
		created.createContext("/", this::handle);
		created.start();
		server = created;
		return true;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			RecordedRequest recorded = record(exchange, body);
			requests.add(recorded);
			CountDownLatch held = gate();
			if (held != null && !held.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("held for 60 s and never released");
			}
			Fault fault = takeFaultAndDelay(recorded.action());
			if (fault != null) {
				respond(exchange, fault.status(), fault.contentType(), fault.body().getBytes(StandardCharsets.UTF_8));
			}
			else {
				forward(exchange, body);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private RecordedRequest record(HttpExchange exchange, byte[] body) {
		URI uri = exchange.getRequestURI();
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		String form = contentType != null && contentType.contains("x-www-form-urlencoded")
				? new String(body, StandardCharsets.UTF_8) : null;
		var params = FormParams.parse(uri.getRawQuery(), form);
		return new RecordedRequest(System.nanoTime(), Instant.now(), exchange.getRequestMethod(), uri.getRawPath(),
				uri.getRawQuery(), copyOf(exchange.getRequestHeaders()), params, params.get("Action"));
	}

	private Fault takeFaultAndDelay(String action) throws InterruptedException {
		Duration delay;
		Fault fault = null;
		synchronized (this) {
			delay = allDelay.plus(nextDelay);
			nextDelay = Duration.ZERO;
			for (Iterator<Fault> it = faults.iterator(); it.hasNext();) {
				Fault candidate = it.next();
				if (candidate.action() == null || candidate.action().equals(action)) {
					it.remove();
					fault = candidate;
					break;
				}
			}
		}
		if (!delay.isZero()) {
			Thread.sleep(delay.toMillis()); // simulated STS latency, not test timing
		}
		return fault;
	}

	private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
		URI uri = exchange.getRequestURI();
		String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
			.timeout(Duration.ofSeconds(60))
			.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!HOP_HEADERS.contains(name.toLowerCase())) {
				values.forEach(value -> request.header(name, value));
			}
		});
		HttpResponse<byte[]> response;
		try {
			response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException upstreamDown) {
			respond(exchange, 502, "text/plain", ("Bad Gateway: " + upstreamDown).getBytes(StandardCharsets.UTF_8));
			return;
		}
		response.headers().map().forEach((name, values) -> {
			if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
				exchange.getResponseHeaders().put(name, values);
			}
		});
		byte[] responseBody = response.body();
		if (normalizeMotoErrors()) {
			responseBody = normalizeErrorShape(exchange, responseBody);
		}
		sendBody(exchange, response.statusCode(), responseBody);
	}

	private synchronized boolean normalizeMotoErrors() {
		return normalizeMotoErrors;
	}

	private static byte[] normalizeErrorShape(HttpExchange exchange, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		if (!text.contains("<Errors><Error>")) {
			return body;
		}
		exchange.getResponseHeaders().set("Content-Type", "text/xml");
		return text.replace("<Errors><Error>", "<Error>")
			.replace("</Error></Errors>", "</Error><RequestId>" + UUID.randomUUID() + "</RequestId>")
			.getBytes(StandardCharsets.UTF_8);
	}

	private synchronized boolean keepAliveEnabled() {
		return keepAlive;
	}

	private void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
		sendBody(exchange, status, body);
	}

	private void sendBody(HttpExchange exchange, int status, byte[] body) throws IOException {
		if (!keepAliveEnabled()) {
			exchange.getResponseHeaders().set("Connection", "close");
		}
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String errorXml(int status, String code, String message) {
		return """
				<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
				  <Error>
				    <Type>%s</Type>
				    <Code>%s</Code>
				    <Message>%s</Message>
				  </Error>
				  <RequestId>%s</RequestId>
				</ErrorResponse>
				""".formatted(status < 500 ? "Sender" : "Receiver", xml(code), xml(message), UUID.randomUUID());
	}

	private static String xml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static Map<String, List<String>> copyOf(Headers headers) {
		var copy = new LinkedHashMap<String, List<String>>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return Collections.unmodifiableMap(copy);
	}

	private static void requireHostHeaderAllowed() {
		try {
			HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe");
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException("StsProxy must forward the signed Host header: run the JVM with "
					+ "-Djdk.httpclient.allowRestrictedHeaders=host (failsafe does)", e);
		}
	}

}
