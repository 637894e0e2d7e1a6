package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Minimal stand-in for a container credentials endpoint (the ECS contract the broker will
 * implement): serves fixed credentials on {@code GET /v1/credentials} when the
 * {@code Authorization} header equals the expected token, 401 otherwise. For exercising
 * real clients in tests.
 */
public final class FakeContainerCredentialsEndpoint implements AutoCloseable {

	public static final String PATH = "/v1/credentials";

	private final HttpServer server;

	private final String token;

	private final String json;

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicInteger rejected = new AtomicInteger();

	/** Serves these credentials, expiring one hour from now (UTC, whole seconds). */
	public FakeContainerCredentialsEndpoint(String token, String accessKeyId, String secret, String sessionToken) {
		this.token = token;
		String expiration = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
		this.json = """
				{"AccessKeyId": "%s", "SecretAccessKey": "%s", "Token": "%s", "Expiration": "%s"}"""
			.formatted(accessKeyId, secret, sessionToken, expiration);
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext(PATH, this::handle);
		server.start();
	}

	/** The full URI for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
	}

	/** Requests answered with credentials. */
	public int served() {
		return served.get();
	}

	/** Requests refused for a missing or wrong Authorization header. */
	public int rejected() {
		return rejected.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			boolean authorized = token.equals(exchange.getRequestHeaders().getFirst("Authorization"));
			(authorized ? served : rejected).incrementAndGet();
			byte[] body = (authorized ? json : "{\"message\": \"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
