package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.StsProxy;

/**
 * The whole flow with DEBUG logging for everything, against moto with IAM authentication
 * behind a proxy; then every log line, every admin and Actuator answer, every row of the
 * store and the store's file bytes are searched for every secret the flow handled: the
 * source's secret access key, each issued secret key and session token, each workload
 * token, the admin token.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
			+ "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}";

	/** label → secret value; labels, never values, go into failure messages. */
	private final Map<String, String> secrets = new LinkedHashMap<>();

	/**
	 * Answers that legitimately show a workload token (create and rotate) or issued
	 * credentials (200 /v1/credentials).
	 */
	private final List<HttpJson.Response> showingTokens = new ArrayList<>();

	@Test
	void noSecretReachesLogsAnswersTheAuditOrTheStoreFile(@TempDir Path dataDir, CapturedOutput output)
			throws Exception {
		secrets.put("source secret access key", moto.iam().broker().secretAccessKey());
		secrets.put("admin token", BrokerApp.ADMIN_TOKEN);
		BrokerScenario scenario;
		// A system property, not BrokerApp.property(): logging levels are applied when
		// the environment is prepared,
		// before BrokerApp's property source is added.
		System.setProperty("logging.level.root", "DEBUG");
		try (StsProxy sts = StsProxy.to(moto.endpoint());
				BrokerApp broker = BrokerScenario.broker(dataDir, sts.endpoint()).start()) {
			sts.normalizeMotoErrors(true);
			scenario = new BrokerScenario(broker);
			runTheFlow(scenario, broker);
		}
		finally {
			System.clearProperty("logging.level.root");
		}
		assertThat(output.getAll()).as("DEBUG logging was on, request bodies reached the log")
			.contains(" DEBUG ", "SourceRequest[type=static, accessKeyId=" + moto.iam().broker().accessKeyId());

		assertNoSecret("the captured log", output.getAll(), false);
		for (BrokerScenario.Exchange exchange : scenario.exchanges()) {
			HttpJson.Response response = exchange.response();
			boolean legitimate = showingTokens.stream().anyMatch((shown) -> shown == response);
			if (!(legitimate && exchange.path().equals("/v1/credentials"))) {
				assertNoSecret(exchange.method() + " " + exchange.path() + " → " + response.status(), response.body(),
						legitimate);
			}
		}
		assertNoSecret("the store's rows (audit included)", allRows(dataDir), false);
		String storeFile = new String(Files.readAllBytes(dataDir.resolve("credbroker.mv.db")),
				StandardCharsets.ISO_8859_1);
		assertNoSecret("the H2 file credbroker.mv.db", storeFile, false);
	}

	private void runTheFlow(BrokerScenario scenario, BrokerApp broker) {
		scenario.staticSource("main", moto.iam().broker());
		String role = created(scenario, "role", BrokerScenario.assumeRoleBody("main", moto.iam().appRoleArn()));
		String federated = created(scenario, "fed",
				"{\"source\":\"main\",\"type\":\"federation-token\",\"sessionPolicy\":" + POLICY + "}");
		String session = created(scenario, "sess", "{\"source\":\"main\",\"type\":\"session-token\"}");
		String denied = created(scenario, "denied", BrokerScenario.assumeRoleBody("main", moto.iam().lockedRoleArn()));

		for (String token : List.of(role, federated, session)) {
			issued(scenario, token);
			issued(scenario, token);
		}
		ExternalClients.Result botocore = ExternalClients
			.botocore(BrokerScenario.containerEnv(broker.credentialsUri(), role));
		assertThat(botocore.exitCode()).as("%s", botocore).isZero();

		HttpJson.Response rotated = scenario.adminPost("/admin/v1/workloads/role/token", null);
		assertThat(rotated.status()).as("%s", rotated).isEqualTo(201);
		showingTokens.add(rotated);
		String rotatedToken = rotated.json().get("token").asString();
		secrets.put("rotated token of 'role'", rotatedToken);
		issued(scenario, rotatedToken);
		issued(scenario, role);

		assertThat(scenario.credentials("cbw_" + UUID.randomUUID()).status()).isEqualTo(401);
		assertThat(scenario.credentials("Bearer " + role).status()).isEqualTo(401);
		assertThat(scenario.credentials(denied).status()).isEqualTo(502);
		assertThat(broker.client("Bearer wrong-" + BrokerApp.ADMIN_TOKEN).get("/admin/v1/sources").status())
			.isEqualTo(401);
		HttpJson.Response invalid = scenario.adminPut("/admin/v1/sources/bad",
				"{\"type\":\"static\",\"accessKeyId\":\"not a key id\",\"secretAccessKey\":\"%s\"}"
					.formatted(moto.iam().broker().secretAccessKey()));
		assertThat(invalid.status()).as("%s", invalid).isEqualTo(400);
		HttpJson.Response unknownField = scenario.adminPut("/admin/v1/sources/bad",
				"{\"type\":\"static\",\"accessKeyId\":\"%s\",\"secretAccessKey\":\"%s\",\"secret\":\"%s\"}".formatted(
						moto.iam().broker().accessKeyId(), moto.iam().broker().secretAccessKey(),
						moto.iam().broker().secretAccessKey()));
		assertThat(unknownField.status()).as("%s", unknownField).isEqualTo(400);
		HttpJson.Response dryRun = scenario.adminPost("/admin/v1/workloads/role/dry-run", null);
		assertThat(dryRun.status()).as("%s", dryRun).isEqualTo(200);

		for (String path : List.of("/admin/v1/sources", "/admin/v1/sources/main", "/admin/v1/workloads",
				"/admin/v1/workloads/role", "/admin/v1/workloads/fed", "/admin/v1/workloads/sess",
				"/admin/v1/audit?limit=1000", "/admin/v1/audit?workload=role")) {
			assertThat(scenario.adminGet(path).status()).as(path).isEqualTo(200);
		}
		for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/info",
				"/actuator/metrics", "/actuator/metrics/credbroker.endpoint.requests", "/actuator/prometheus")) {
			assertThat(scenario.get(path).status()).as(path).isEqualTo(200);
		}
	}

	/**
	 * Creates a workload; its token is a secret, shown legitimately in this one answer.
	 */
	private String created(BrokerScenario scenario, String name, String json) {
		String token = scenario.workload(name, json);
		secrets.put("token of '" + name + "'", token);
		showingTokens.add(scenario.exchanges().get(scenario.exchanges().size() - 1).response());
		return token;
	}

	private void issued(BrokerScenario scenario, String token) {
		HttpJson.Response response = scenario.okCredentials(token);
		showingTokens.add(response);
		JsonNode credentials = response.json();
		String accessKeyId = credentials.get("AccessKeyId").asString();
		secrets.put("issued secret key of " + accessKeyId, credentials.get("SecretAccessKey").asString());
		secrets.put("issued session token of " + accessKeyId, credentials.get("Token").asString());
	}

	/**
	 * {@code tokensAllowed}: the answer may show workload tokens (create, rotate),
	 * nothing else secret.
	 */
	private void assertNoSecret(String where, String text, boolean tokensAllowed) {
		List<String> found = new ArrayList<>();
		this.secrets.forEach((label, secret) -> {
			boolean token = label.startsWith("token of") || label.startsWith("rotated token");
			if (!(tokensAllowed && token) && text.contains(secret)) {
				found.add(label + " in: " + excerpt(text, secret, label));
			}
		});
		assertThat(found).as("secrets in %s", where).isEmpty();
	}

	private static String excerpt(String text, String secret, String label) {
		int at = text.indexOf(secret);
		int lineStart = text.lastIndexOf('\n', at) + 1;
		int lineEnd = text.indexOf('\n', at);
		String line = text.substring(lineStart, (lineEnd < 0) ? text.length() : lineEnd);
		return line.replace(secret, "<" + label + ">");
	}

	private static String allRows(Path dataDir) throws Exception {
		StringBuilder rows = new StringBuilder();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("credbroker"), "sa",
				""); Statement statement = connection.createStatement()) {
			for (String table : List.of("master_key_check", "sources", "mfa_sessions", "workloads", "audit_events")) {
				try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
					int columns = result.getMetaData().getColumnCount();
					while (result.next()) {
						rows.append(table).append(':');
						for (int i = 1; i <= columns; i++) {
							rows.append(' ').append(result.getString(i));
						}
						rows.append('\n');
					}
				}
			}
		}
		assertThat(rows).as("the audit has events").contains("audit_events:");
		return rows.toString();
	}

}
