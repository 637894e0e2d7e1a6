package dev.credbroker.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

import dev.credbroker.CredentialBrokerApplication;

/**
 * Runs the real broker in this JVM on a random loopback port, with its own data
 * directory, so a test can talk to it over HTTP, stop it and start it again on the same
 * store.
 *
 * <pre>
 * try (BrokerApp broker = BrokerApp.on(dataDir).stsEndpoint(moto.endpoint()).start()) {
 *     broker.admin().put("/admin/v1/sources/main", json);
 * }
 * </pre>
 */
public final class BrokerApp implements AutoCloseable {

	public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

	private final Map<String, Object> properties;

	private final Map<String, Object> extraEnvironment = new LinkedHashMap<>();

	private ConfigurableApplicationContext context;

	private BrokerApp(Map<String, Object> properties) {
		this.properties = properties;
	}

	/**
	 * An environment variable the broker sees in addition to this JVM's (e.g.
	 * {@code KUBERNETES_SERVICE_HOST}, which Spring Boot reads to detect Kubernetes).
	 */
	public BrokerApp environmentVariable(String name, String value) {
		this.extraEnvironment.put(name, value);
		return this;
	}

	/**
	 * A broker on the embedded H2 store in {@code dataDir}, with {@link #ADMIN_TOKEN} as
	 * admin token.
	 */
	public static BrokerApp on(Path dataDir) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("server.address", "127.0.0.1");
		properties.put("credbroker.data-dir", dataDir.toString());
		properties.put("credbroker.admin.token", ADMIN_TOKEN);
		properties.put("spring.main.banner-mode", "off");
		// The start-up warm-up of the miss path (1-5 s per start) is for production
		// starts; MissPathWarmUpIT turns it on.
		properties.put("credbroker.endpoint.warm-up.enabled", false);
		return new BrokerApp(properties);
	}

	public BrokerApp property(String name, Object value) {
		if (value == null) {
			this.properties.remove(name);
		}
		else {
			this.properties.put(name, value);
		}
		return this;
	}

	public BrokerApp adminToken(String token) {
		return property("credbroker.admin.token", token);
	}

	public BrokerApp stsEndpoint(URI endpoint) {
		return property("credbroker.sts.endpoint", endpoint.toString());
	}

	/**
	 * Points STS at a loopback port nobody listens on: a known workload token then gets
	 * 503 UpstreamUnavailable instead of 401, which proves the token was accepted without
	 * needing moto.
	 */
	public BrokerApp unreachableSts() {
		return stsEndpoint(URI.create("http://127.0.0.1:" + FreePorts.pick()));
	}

	public BrokerApp masterKey(String base64) {
		return property("credbroker.master.key", base64);
	}

	/** Use a PostgreSQL database instead of the embedded store. */
	public BrokerApp postgres(PostgresDatabase database) {
		property("spring.datasource.url", database.jdbcUrl());
		property("spring.datasource.username", database.username());
		return property("spring.datasource.password", database.password());
	}

	/**
	 * On {@code database} reached through {@code proxy} (see
	 * {@link PostgresDatabase#proxy()}), for outage drills.
	 */
	public BrokerApp postgres(PostgresDatabase database, TcpProxy proxy) {
		postgres(database);
		return property("spring.datasource.url", database.jdbcUrlThrough(proxy));
	}

	/** Starts (or starts again, on the same store and properties; the port changes). */
	public BrokerApp start() {
		if (this.context != null) {
			throw new IllegalStateException("already running");
		}
		// As command-line arguments: they take precedence over application.yml and are
		// there before logging starts.
		String[] args = this.properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		SpringApplicationBuilder application = new SpringApplicationBuilder(CredentialBrokerApplication.class);
		if (!this.extraEnvironment.isEmpty()) {
			application.environment(environmentWithExtraVariables());
		}
		this.context = application.run(args);
		return this;
	}

	private StandardServletEnvironment environmentWithExtraVariables() {
		StandardServletEnvironment environment = new StandardServletEnvironment();
		Map<String, Object> variables = new LinkedHashMap<>(environment.getSystemEnvironment());
		variables.putAll(this.extraEnvironment);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

	public void stop() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	public BrokerApp restart() {
		stop();
		return start();
	}

	public boolean isRunning() {
		return this.context != null;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/** The URL workloads put in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
	public URI credentialsUri() {
		return baseUri().resolve("/v1/credentials");
	}

	/** The data directory given to {@link #on(Path)}. */
	public Path dataDir() {
		return Path.of((String) this.properties.get("credbroker.data-dir"));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * An admin API client sending {@link #ADMIN_TOKEN} (or whatever admin token the
	 * broker was given).
	 */
	public HttpJson admin() {
		Object token = this.properties.get("credbroker.admin.token");
		return new HttpJson(baseUri(), (token != null) ? "Bearer " + token : null);
	}

	/** A client sending no credentials, or the given raw Authorization header. */
	public HttpJson client(String authorization) {
		return new HttpJson(baseUri(), authorization);
	}

	@Override
	public void close() {
		stop();
	}

}
