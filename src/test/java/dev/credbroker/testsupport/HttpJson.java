package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for tests, with a fixed {@code Authorization} header (or
 * none).
 */
public final class HttpJson {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String authorization;

	private final java.util.Map<String, String> headers;

	HttpJson(URI base, String authorization) {
		this(base, authorization, java.util.Map.of());
	}

	private HttpJson(URI base, String authorization, java.util.Map<String, String> headers) {
		this.base = base;
		this.authorization = authorization;
		this.headers = headers;
	}

	/**
	 * The same client, sending these headers as well ({@code Host} needs
	 * {@code -Djdk.httpclient.allowRestrictedHeaders=host}, which failsafe sets).
	 */
	public HttpJson withHeaders(java.util.Map<String, String> headers) {
		return new HttpJson(this.base, this.authorization, java.util.Map.copyOf(headers));
	}

	/**
	 * A client of a broker this JVM did not start (a child process); otherwise use
	 * {@link BrokerApp#admin()}.
	 */
	public static HttpJson to(URI base, String authorization) {
		return new HttpJson(base, authorization);
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	public Response put(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * A PUT whose body is streamed in chunks with no Content-Length, as a client that
	 * does not know its size.
	 */
	public Response putStreamed(String path, String json) {
		byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
	}

	public Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST((json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Any request with the given headers (they replace the JSON defaults) and body, or
	 * none when the body is {@code null}.
	 */
	public Response exchange(String method, String path, java.util.Map<String, String> headers, String body) {
		HttpRequest.Builder builder = request(path).method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::setHeader);
		return send(builder);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		this.headers.forEach(builder::header);
		return builder;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response: status, body text, headers, and the body parsed as JSON on demand. */
	public record Response(int status, String body, HttpHeaders headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
