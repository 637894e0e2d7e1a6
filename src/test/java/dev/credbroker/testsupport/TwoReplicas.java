package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Brokers running as replicas do: on one fresh PostgreSQL database with one master key,
 * calling STS at a moto server. A test usually starts two ({@code a} and {@code b}),
 * sometimes a third that is unaware of the others' changes; each replica's settings are
 * its own. Closing this closes every replica it made, then drops the database.
 *
 * <pre>
 * replicas = TwoReplicas.onFreshDatabase(moto);
 * a = replicas.replica(dataA).start();
 * b = replicas.replica(dataB).property("credbroker.sync.poll-interval", "1h").start();
 * replicas.createSource(a);
 * String token = replicas.createWorkload(a, "app");
 * </pre>
 */
public final class TwoReplicas implements AutoCloseable {

	/**
	 * The static source {@link #createSource} creates, holding moto's broker user's keys.
	 */
	public static final String SOURCE = "main";

	private final MotoServer moto;

	private final PostgresDatabase database;

	private final String masterKey;

	private final List<BrokerApp> replicas = new ArrayList<>();

	private TwoReplicas(MotoServer moto, PostgresDatabase database, String masterKey) {
		this.moto = moto;
		this.database = database;
		this.masterKey = masterKey;
	}

	/**
	 * Replicas on a fresh database (the test is skipped without a PostgreSQL, see
	 * {@link PostgresDatabase#createOrSkip()}) with a random master key.
	 */
	public static TwoReplicas onFreshDatabase(MotoServer moto) {
		byte[] key = new byte[32];
		ThreadLocalRandom.current().nextBytes(key);
		return new TwoReplicas(moto, PostgresDatabase.createOrSkip(), Base64.getEncoder().encodeToString(key));
	}

	/**
	 * A replica, not started yet: on the shared database and master key, reading the
	 * change feed every 200 ms, with no per-workload request limit (the tests' traffic is
	 * load, not a misbehaving workload). Closed with this.
	 */
	public BrokerApp replica(Path dataDir) {
		BrokerApp replica = BrokerApp.on(dataDir)
			.postgres(this.database)
			.masterKey(this.masterKey)
			.stsEndpoint(this.moto.endpoint())
			.property("credbroker.sync.poll-interval", "200ms")
			.property("credbroker.endpoint.workload-requests-per-second", 0);
		this.replicas.add(replica);
		return replica;
	}

	/** Creates the source {@link #SOURCE} through {@code replica}. */
	public void createSource(BrokerApp replica) {
		MotoIamFixture iam = this.moto.iam();
		HttpJson.Response source = replica.admin().put("/admin/v1/sources/" + SOURCE, """
				{"type":"static","accessKeyId":"%s","secretAccessKey":"%s"}
				""".formatted(iam.broker().accessKeyId(), iam.broker().secretAccessKey()));
		assertThat(source.status()).as(source.body()).isEqualTo(201);
	}

	/**
	 * Creates an enabled workload assuming moto's app role through {@code replica}; its
	 * token.
	 */
	public String createWorkload(BrokerApp replica, String name) {
		HttpJson.Response created = replica.admin().put("/admin/v1/workloads/" + name, workloadBody(true));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	/** A workload body assuming moto's app role from {@link #SOURCE}. */
	public String workloadBody(boolean enabled) {
		return """
				{"source":"%s","type":"assume-role","roleArn":"%s","enabled":%s}
				""".formatted(SOURCE, this.moto.iam().appRoleArn(), enabled);
	}

	/**
	 * A connection of its own to the shared database, to play another replica's writes or
	 * to look at the store.
	 */
	public Connection store() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(), this.database.password());
	}

	public PostgresDatabase database() {
		return this.database;
	}

	@Override
	public void close() {
		for (int i = this.replicas.size() - 1; i >= 0; i--) {
			this.replicas.get(i).close();
		}
		this.database.close();
	}

}
