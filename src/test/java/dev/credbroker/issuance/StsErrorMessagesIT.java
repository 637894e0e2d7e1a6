package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoIamFixture.Keys;
import dev.credbroker.testsupport.MotoServer;

/**
 * What a new user reads when STS refuses or cannot be reached, through the container
 * endpoint, against moto WITH IAM auth (real InvalidClientTokenId, SignatureDoesNotMatch
 * and AccessDenied, in the error shape the SDK cannot parse): the cause in AWS's words
 * and what to fix, never {@code null}, never a whole access key id.
 */
class StsErrorMessagesIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	static BrokerApp broker;

	static BrokerScenario scenario;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerScenario.broker(dataDir, moto.endpoint()).start();
		scenario = new BrokerScenario(broker);
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void anUnknownAccessKeyIdIsBlamedOnTheSourceKeys() {
		Keys unknown = new Keys("AKIAZZZZZZZZZZZZ1234", moto.iam().broker().secretAccessKey());
		scenario.staticSource("unknown-key", unknown);
		String token = scenario.assumeRole("unknown-key-app", "unknown-key", moto.iam().appRoleArn());

		String message = refused(token);

		assertThat(message).startsWith("STS does not accept source 'unknown-key''s keys (InvalidClientTokenId): the "
				+ "access key id is wrong, deleted or inactive; fix the source with PUT /admin/v1/sources/unknown-key")
			.doesNotContain("null", unknown.accessKeyId(), unknown.secretAccessKey());
	}

	@Test
	void aWrongSecretKeyIsBlamedOnTheSourceKeys() {
		Keys wrongSecret = new Keys(moto.iam().broker().accessKeyId(), "x" + moto.iam().broker().secretAccessKey());
		scenario.staticSource("wrong-secret", wrongSecret);
		String token = scenario.assumeRole("wrong-secret-app", "wrong-secret", moto.iam().appRoleArn());

		String message = refused(token);

		assertThat(message)
			.startsWith("STS does not accept source 'wrong-secret''s keys (SignatureDoesNotMatch): the secret "
					+ "access key does not belong to the access key id; fix the source with PUT "
					+ "/admin/v1/sources/wrong-secret")
			.doesNotContain("null", wrongSecret.accessKeyId(), wrongSecret.secretAccessKey());
	}

	@Test
	void aRoleThatDoesNotTrustTheSourceIsBlamedOnTheTrustPolicy() {
		scenario.staticSource("trusted-nowhere", moto.iam().broker());
		String token = scenario.assumeRole("locked-app", "trusted-nowhere", moto.iam().lockedRoleArn());

		String message = refused(token);

		assertThat(message)
			.startsWith("Role " + moto.iam().lockedRoleArn() + " does not trust source 'trusted-nowhere' "
					+ "(AccessDenied): add the source's IAM user ARN to the role's trust policy")
			.doesNotContain("null", moto.iam().broker().accessKeyId());
	}

	@Test
	void aProfileWithoutCredentialsIsAConfigurationErrorThatNamesTheFix() {
		HttpJson.Response source = scenario.adminPut("/admin/v1/sources/ops",
				"{\"type\":\"profile\",\"profile\":\"credbroker-it-absent\"}");
		assertThat(source.status()).as(source.toString()).isEqualTo(201);
		String token = scenario.workload("ops-app",
				"{\"source\":\"ops\",\"type\":\"session-token\",\"durationSeconds\":3600}");

		String message = refused(token);

		assertThat(message)
			.startsWith("profile 'credbroker-it-absent' has no credentials in the broker's AWS config "
					+ "files (~/.aws/credentials, AWS_SHARED_CREDENTIALS_FILE): add them or use a static source")
			.doesNotContain("ProfileFile", "sections", "null");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void anUnreachableStsIsNamedWithItsEndpointAndTheCauseInTheAnswerAndOneWarnLine(@TempDir Path dataDir,
			CapturedOutput output) throws Exception {
		try (BrokerApp unreachable = BrokerApp.on(dataDir)
			.unreachableSts()
			.property("credbroker.endpoint.deadline", BrokerScenario.PATIENT_DEADLINE)
			.property("credbroker.sts.retry.initial-interval", "10ms")
			.start()) {
			String token = appWorkload(unreachable);
			int startedUp = output.getAll().length();

			String message = unavailable(unreachable, token);

			String expected = connectionRefused(unreachable);
			assertThat(message).startsWith(expected);
			String logged = output.getAll().substring(startedUp);
			List<String> warnings = logged.lines().filter((line) -> line.contains(" WARN ")).toList();
			assertThat(warnings).singleElement().asString().contains(expected);
			assertThat(logged).doesNotContain("\tat ", "Exception");
		}
	}

	@Test
	void aMissPastTheDeadlineWhileStsIsUnreachableSaysWhy(@TempDir Path dataDir) throws Exception {
		// Retries far apart: the answer comes at the deadline, while the call is still
		// retrying.
		try (BrokerApp unreachable = BrokerApp.on(dataDir)
			.unreachableSts()
			.property("credbroker.endpoint.deadline", "3s")
			.property("credbroker.sts.retry.max-attempts", 6)
			.property("credbroker.sts.retry.initial-interval", "5s")
			.property("credbroker.sts.retry.multiplier", 1.0)
			.property("credbroker.sts.retry.max-interval", "5s")
			.start()) {
			String token = appWorkload(unreachable);

			assertThat(unavailable(unreachable, token)).startsWith(connectionRefused(unreachable))
				.contains("still retrying");
		}
	}

	/** A workload of a static source on {@code offline}; its token. */
	private static String appWorkload(BrokerApp offline) {
		BrokerScenario steps = new BrokerScenario(offline);
		steps.staticSource("main", moto.iam().broker());
		return steps.assumeRole("app", "main", moto.iam().appRoleArn());
	}

	/** {@code GET /v1/credentials} answering 503 UpstreamUnavailable; its message. */
	private static String unavailable(BrokerApp offline, String token) {
		HttpJson.Response answer = offline.client(token).get("/v1/credentials");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
		assertThat(answer.json().get("code").asString()).isEqualTo("UpstreamUnavailable");
		return answer.json().get("message").asString();
	}

	private static String connectionRefused(BrokerApp offline) {
		return "STS at " + offline.context().getEnvironment().getProperty("credbroker.sts.endpoint")
				+ " is unreachable: connection refused; check credbroker.sts.endpoint and the network";
	}

	/** {@code GET /v1/credentials} answering 502 UpstreamRejected; its message. */
	private static String refused(String token) {
		HttpJson.Response answer = scenario.credentials(token);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(502);
		assertThat(answer.json().get("code").asString()).isEqualTo("UpstreamRejected");
		return answer.json().get("message").asString();
	}

}
