package dev.credbroker.endpoint.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.credbroker.crypto.Secret;
import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.endpoint.EndpointWarmUpProperties;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.issuance.MissPathRehearsal;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceType;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RecipeType;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadDefinition;
import dev.credbroker.workload.WorkloadToken;
import dev.credbroker.identity.WorkloadIdentities;
import dev.credbroker.identity.ProvedWorkload;
import dev.credbroker.identity.IdentityRejectedException;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.Page;

/**
 * Warms the miss path before readiness goes up, so that the first burst of new workloads
 * after a start is as fast as later ones (bench/run.sh: 0.78-0.82 s against 0.41-0.58 s
 * before). Synthetic workloads with random tokens ask the broker's own port, in bursts of
 * 100 workloads with 64 clients at once, each on a new connection closed after the
 * answer, as SDKs starting together do; their requests go through Tomcat and the endpoint
 * filter's class to a rehearsal copy of the issuance pipeline ({@link MissPathRehearsal})
 * whose STS is a loopback server in this process answering in STS's XML. Their tokens are
 * known only to the rehearsal and only while it runs; its cache, metrics and (absent)
 * audit are dropped afterwards.
 */
@Component
public class MissPathWarmUp {

	private static final Logger log = LoggerFactory.getLogger(MissPathWarmUp.class);

	/** Synthetic workloads asked at once, like the benchmark's cold burst. */
	static final int BURST_WORKLOADS = 100;

	private static final Duration BURST_BOUND = Duration.ofSeconds(20);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Clients with a request open at once (each on a thread of its own, briefly). */
	static final int CLIENTS_AT_ONCE = 64;

	/** No further burst starts after this: a very busy machine gets ready anyway. */
	private static final Duration BUDGET = Duration.ofSeconds(15);

	private static final String SOURCE = "warm-up";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final long MB = 1024 * 1024;

	private final EndpointWarmUpProperties properties;

	private final EndpointProperties endpoint;

	private final EndpointFilterSwitch endpointSwitch;

	private final HostHeaderFilter hosts;

	private final MissPathRehearsal rehearsals;

	private final Clock clock;

	private final Environment environment;

	private volatile Run lastRun;

	MissPathWarmUp(EndpointWarmUpProperties properties, EndpointProperties endpoint,
			EndpointFilterSwitch endpointSwitch,
			@Qualifier("hostHeaderFilter") FilterRegistrationBean<HostHeaderFilter> hosts, MissPathRehearsal rehearsals,
			Clock clock, Environment environment) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.endpointSwitch = endpointSwitch;
		this.hosts = hosts.getFilter();
		this.rehearsals = rehearsals;
		this.clock = clock;
		this.environment = environment;
	}

	/** What the warm-up did at start; empty when it did not run. */
	public Optional<Run> lastRun() {
		return Optional.ofNullable(this.lastRun);
	}

	/**
	 * The outcome of one warm-up.
	 *
	 * @param issuances synthetic workloads issued for
	 * @param requests requests sent
	 * @param answeredOk requests answered 200
	 * @param stsCalls calls the fake STS answered
	 * @param answers how many requests got each status (or failed, by exception)
	 * @param took how long it took
	 * @param finishedAt when it ended
	 */
	public record Run(int issuances, int requests, int answeredOk, long stsCalls, Map<String, Integer> answers,
			Duration took, Instant finishedAt) {
	}

	/**
	 * After the context is ready and the web server listens, before readiness goes up
	 * (ApplicationReadyEvent).
	 */
	@EventListener
	void onStarted(ApplicationStartedEvent event) {
		if (!this.properties.enabled() || this.properties.issuances() == 0) {
			return;
		}
		if (this.environment.containsProperty("server.ssl.bundle")
				|| this.environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
			log.info("Miss-path warm-up skipped: the endpoint serves TLS (credbroker.endpoint.warm-up.enabled)");
			return;
		}
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return;
		}
		try {
			this.lastRun = warmUp(endpointAddress(web.getWebServer().getPort()));
			// The warm-up's requests grew the heap; a ready broker should not keep that
			// (the same collection as after a burst: HeapReleaseAfterBurst).
			long committedBefore = Runtime.getRuntime().totalMemory();
			new ShrinkingFullCollection().run();
			long committedAfter = Runtime.getRuntime().totalMemory();
			// The first real burst after a start finds the heap grown, as later ones do.
			boolean room = new RoomForTheNextBurst().make();
			log.info(
					"Miss path warmed up before readiness in {} ms: {} synthetic issuances ({} fake STS calls), {} "
							+ "requests through the endpoint (answers {}), heap given back {} -> {} MB{}; no real STS "
							+ "call, nothing cached or audited (credbroker.endpoint.warm-up.enabled)",
					this.lastRun.took().toMillis(), this.lastRun.issuances(), this.lastRun.stsCalls(),
					this.lastRun.requests(), new TreeMap<>(this.lastRun.answers()), committedBefore / MB,
					committedAfter / MB,
					room ? " and room up to its cap committed, untouched, for the first burst" : "");
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Miss-path warm-up did not complete ({}); the first new workloads may be slower", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private InetSocketAddress endpointAddress(int port) throws IOException {
		String configured = this.environment.getProperty("server.address");
		InetAddress address = (configured != null) ? InetAddress.getByName(configured)
				: InetAddress.getLoopbackAddress();
		if (address.isAnyLocalAddress()) {
			address = InetAddress.getLoopbackAddress();
		}
		return new InetSocketAddress(address, port);
	}

	/**
	 * One {@code GET /v1/credentials} on a connection of its own, closed after the answer
	 * (as the SDKs of a starting fleet do): no warm-up connection outlives the warm-up.
	 * @return the status
	 */
	private static int get(InetSocketAddress endpoint, String token) throws IOException {
		String host = (endpoint.getAddress() instanceof Inet6Address)
				? "[" + endpoint.getAddress().getHostAddress() + "]" : endpoint.getAddress().getHostAddress();
		try (Socket socket = new Socket()) {
			socket.connect(endpoint, (int) CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) BURST_BOUND.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + ContainerCredentialsFilter.PATH + " HTTP/1.1\r\nHost: " + host + ":"
					+ endpoint.getPort() + "\r\nAuthorization: " + token + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] answer = socket.getInputStream().readAllBytes();
			String statusLine = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.US_ASCII);
			if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
				throw new IOException("no HTTP answer");
			}
			return Integer.parseInt(statusLine.substring(9, 12));
		}
	}

	private Run warmUp(InetSocketAddress endpoint) throws IOException, InterruptedException {
		long started = System.nanoTime();
		FakeSts sts = FakeSts.start(this.clock);
		Map<String, Workload> workloads = new HashMap<>();
		List<String> tokens = new ArrayList<>();
		List<Workload> ordered = new ArrayList<>();
		Instant now = this.clock.instant();
		Recipe recipe = new Recipe(RecipeType.ASSUME_ROLE, "arn:aws:iam::000000000000:role/warm-up", null, null, null,
				null, null, 3600, null);
		for (int i = 0; i < this.properties.issuances(); i++) {
			String token = WorkloadToken.PREFIX + randomHex();
			String name = "warm-up-" + i;
			Workload workload = new Workload(name, randomHex(), SOURCE, recipe, true, 1, WorkloadToken.hash(token),
					List.of(), now, now);
			workloads.put(name, workload);
			ordered.add(workload);
			tokens.add(token);
		}
		Source source = new Source(SOURCE, SourceType.STATIC, "AKIAIOSFODNN7EXAMPLE", Secret.of("warm-up-secret"), null,
				null, null, 1, now, now);
		Synthetic catalog = new Synthetic(workloads);
		int requests = 0;
		int attempted = 0;
		AtomicInteger ok = new AtomicInteger();
		Map<String, Integer> answers = new ConcurrentSkipListMap<>();
		ExecutorService clientThreads = Executors.newFixedThreadPool(CLIENTS_AT_ONCE, (runnable) -> {
			Thread thread = new Thread(runnable, "warm-up-client");
			thread.setDaemon(true);
			return thread;
		});
		try (MissPathRehearsal.Rehearsal rehearsal = this.rehearsals.open(sts.endpoint(), catalog, source)) {
			TokenDirectory directory = new TokenDirectory(catalog, new StoreAvailability(), this.clock, this.endpoint);
			directory.afterSingletonsInstantiated();
			WaitingRequests waiting = new WaitingRequests(Integer.MAX_VALUE);
			ContainerCredentialsFilter filter = new ContainerCredentialsFilter(this.hosts, directory,
					rehearsal.vending(), this.endpoint, waiting,
					new EndpointMetrics(new SimpleMeterRegistry(), waiting),
					new UnknownTokenHint((token) -> false, (token) -> false), NoIdentities.INSTANCE);
			this.endpointSwitch.rehearse(new HashSet<>(tokens), filter);
			for (int from = 0; from < tokens.size(); from += BURST_WORKLOADS) {
				if (from > 0 && System.nanoTime() - started > BUDGET.toNanos()) {
					log.info("Miss-path warm-up stopped after {} of {} issuances: past its {} s budget", from,
							tokens.size(), BUDGET.toSeconds());
					break;
				}
				int to = Math.min(tokens.size(), from + BURST_WORKLOADS);
				List<CompletableFuture<Void>> burst = new ArrayList<>();
				for (String token : tokens.subList(from, to)) {
					for (int c = 0; c < this.properties.clientsPerWorkload(); c++) {
						burst.add(CompletableFuture.runAsync(() -> {
							String outcome;
							try {
								int status = get(endpoint, token);
								outcome = String.valueOf(status);
								if (status == 200) {
									ok.incrementAndGet();
								}
							}
							catch (IOException | RuntimeException ex) {
								outcome = ex.getClass().getSimpleName();
							}
							answers.merge(outcome, 1, Integer::sum);
						}, clientThreads));
					}
				}
				requests += burst.size();
				awaitQuietly(burst);
				// Requests answered 503 at the deadline leave their issuance running: all
				// of a burst's issuances end before the next burst, and before the
				// rehearsal closes.
				awaitQuietly(ordered.subList(from, to)
					.stream()
					.map((workload) -> rehearsal.vending()
						.credentialsAsync(IssuanceKey.of(workload), BURST_BOUND)
						.handle((credentials, failure) -> null))
					.toList());
				attempted = to;
			}
		}
		finally {
			this.endpointSwitch.endRehearsal();
			clientThreads.shutdownNow();
			sts.stop();
		}
		return new Run(attempted, requests, ok.get(), sts.calls(), Map.copyOf(answers),
				Duration.ofNanos(System.nanoTime() - started), this.clock.instant());
	}

	private static void awaitQuietly(List<? extends CompletableFuture<?>> futures) throws InterruptedException {
		try {
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
				.get(BURST_BOUND.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// Counted in the answers.
		}
	}

	private static String randomHex() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/** The warm-up's tokens are static: no OIDC token proves a synthetic workload. */
	private enum NoIdentities implements WorkloadIdentities {

		INSTANCE;

		@Override
		public ProvedWorkload remembered(String token) {
			return null;
		}

		@Override
		public ProvedWorkload rememberedByHash(String tokenHash) {
			return null;
		}

		@Override
		public ProvedWorkload prove(String token) {
			throw new IdentityRejectedException("No OIDC token proves a warm-up workload");
		}

	}

	/** The synthetic workloads, read-only. */
	private record Synthetic(Map<String, Workload> workloads) implements WorkloadCatalog {

		@Override
		public Optional<Workload> find(String name) {
			return Optional.ofNullable(this.workloads.get(name));
		}

		@Override
		public Optional<Workload> findByTokenHash(String tokenHash) {
			return Optional.empty();
		}

		@Override
		public Optional<Workload> findForIssuance(String name) {
			return find(name);
		}

		@Override
		public Workload get(String name) {
			return find(name).orElseThrow();
		}

		@Override
		public List<Workload> all() {
			return List.copyOf(this.workloads.values());
		}

		@Override
		public Page<Workload> page(PageRequest request) {
			return Page.ofAll(all(), request, Workload::name);
		}

		@Override
		public WorkloadPutResult put(String name, WorkloadDefinition definition) {
			throw new UnsupportedOperationException("read-only");
		}

		@Override
		public void delete(String name) {
			throw new UnsupportedOperationException("read-only");
		}

		@Override
		public Secret rotateToken(String name) {
			throw new UnsupportedOperationException("read-only");
		}

	}

	/** A loopback HTTP server answering every call as STS answers AssumeRole. */
	private static final class FakeSts {

		private final HttpServer server;

		private final ExecutorService threads;

		private final AtomicLong calls = new AtomicLong();

		private FakeSts(HttpServer server, ExecutorService threads) {
			this.server = server;
			this.threads = threads;
		}

		static FakeSts start(Clock clock) throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
			ExecutorService threads = Executors.newFixedThreadPool(4, (runnable) -> {
				Thread thread = new Thread(runnable, "warm-up-sts");
				thread.setDaemon(true);
				return thread;
			});
			FakeSts sts = new FakeSts(server, threads);
			server.setExecutor(threads);
			server.createContext("/", (exchange) -> {
				long n = sts.calls.incrementAndGet();
				exchange.getRequestBody().readAllBytes();
				byte[] body = answer(n, clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS))
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/xml");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return sts;
		}

		private static String answer(long n, Instant expiration) {
			String keyId = "ASIAWARMUP" + String.format("%010d", n);
			return """
					<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>\
					<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>warm-up</SecretAccessKey>\
					<SessionToken>warm-up</SessionToken><Expiration>%s</Expiration></Credentials>\
					<AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/warm-up/warm-up</Arn>\
					<AssumedRoleId>AROAWARMUP:warm-up</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>\
					<ResponseMetadata><RequestId>warm-up</RequestId></ResponseMetadata></AssumeRoleResponse>"""
				.formatted(keyId, expiration);
		}

		URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		}

		long calls() {
			return this.calls.get();
		}

		void stop() {
			this.server.stop(0);
			this.threads.shutdownNow();
		}

	}

}
