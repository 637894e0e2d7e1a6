package dev.credbroker.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.ProxiedBroker;
import dev.credbroker.testsupport.RecordedRequest;

/**
 * MFA sessions end to end: a static source behind an MFA device issues nothing until an
 * operator opens a session with a code; then every issuance from it is an AssumeRole
 * signed with the session's temporary credentials, chained and so capped at one hour.
 * moto runs without IAM auth (it answers GetSessionToken with fixed example keys, which
 * only an unchecked moto accepts back) and accepts any 6-digit code; the proxy shows what
 * reached STS.
 */
class MfaSessionIT {

	private static final String MFA_SERIAL = "arn:aws:iam::123456789012:mfa/ops";

	@RegisterExtension
	@Order(1)
	static final MotoServer moto = MotoServer.withoutAuth();

	@RegisterExtension
	@Order(2)
	static final ProxiedBroker it = ProxiedBroker.perClass(moto);

	/** What moto's GetSessionToken answers (always the same example credentials). */
	static Credentials motoSession;

	@BeforeAll
	static void startBroker() {
		try (StsClient sts = moto.iam().newStsClient("AKIAANYTHING00000000", "any")) {
			motoSession = sts.getSessionToken((request) -> request.serialNumber(MFA_SERIAL).tokenCode("000000"))
				.credentials();
		}
	}

	@Test
	void issuanceWaitsForAnMfaSessionAndThenChainsFromIt() {
		createMfaSource("ops");
		String token = it.createWorkload("ops-app", ProxiedBroker.assumeRole("ops", moto.iam().appRoleArn(), 3600));

		Response before = it.credentials(token);
		assertMfaSessionRequired(before, "ops");
		assertThat(it.proxy().count("AssumeRole")).as("nothing is sent to STS without a session").isZero();

		Response opened = openSession("ops", "123456", 7200);
		assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
		Instant expiration = Instant.parse(opened.json().get("expiration").asString());
		assertThat(expiration).isBetween(Instant.now().plusSeconds(7200 - 300), Instant.now().plusSeconds(7200 + 60));
		RecordedRequest getSessionToken = it.single("GetSessionToken");
		assertThat(getSessionToken.param("SerialNumber")).isEqualTo(MFA_SERIAL);
		assertThat(getSessionToken.param("TokenCode")).isEqualTo("123456");
		assertThat(getSessionToken.param("DurationSeconds")).isEqualTo("7200");
		assertThat(getSessionToken.signingAccessKeyId()).as("signed with the long-term key")
			.isEqualTo(moto.iam().broker().accessKeyId());

		JsonNode issued = it.issuedCredentials(token);
		RecordedRequest assumeRole = it.single("AssumeRole");
		assertThat(assumeRole.signingAccessKeyId()).as("AssumeRole signed with the MFA session's key")
			.isEqualTo(motoSession.accessKeyId())
			.isNotEqualTo(moto.iam().broker().accessKeyId());
		assertThat(assumeRole.header("X-Amz-Security-Token")).isEqualTo(motoSession.sessionToken());
		assertThat(Integer.parseInt(assumeRole.param("DurationSeconds"))).as("chained sessions last at most 1 h")
			.isLessThanOrEqualTo(3600);
		assertThat(Instant.parse(issued.get("Expiration").asString())).isBeforeOrEqualTo(expiration);
		assertThat(issued.get("RoleArn").asString()).isEqualTo(moto.iam().appRoleArn());

		JsonNode source = it.source("ops");
		assertThat(source.get("mfaSerial").asString()).isEqualTo(MFA_SERIAL);
		assertThat(source.get("mfaSession").get("active").asBoolean()).isTrue();
		assertThat(Instant.parse(source.get("mfaSession").get("expiration").asString())).isEqualTo(expiration);
		assertThat(source.toString()).doesNotContain(moto.iam().broker().secretAccessKey(),
				moto.iam().broker().accessKeyId(), motoSession.accessKeyId(), motoSession.secretAccessKey(),
				motoSession.sessionToken());
	}

	/**
	 * Credentials clipped to an MFA session that ends within the serve margin could never
	 * be served from the cache; before, every request called STS and wrote an audit row.
	 */
	@Test
	void anMfaSessionEndingWithinTheServeMarginIsRefusedOnceAndAskedAgainOnlyAfterANewSession() {
		createMfaSource("ending");
		String token = it.createWorkload("ending-app",
				ProxiedBroker.assumeRole("ending", moto.iam().appRoleArn(), 3600));
		Instant sessionEnd = Instant.now().plusSeconds(4 * 60).truncatedTo(ChronoUnit.SECONDS);
		it.proxy().respondNext("GetSessionToken", 200, "text/xml", getSessionTokenAnswer(sessionEnd));
		assertThat(openSession("ending", "123456", 900).status()).isEqualTo(201);

		List<Response> answers = List.of(it.credentials(token), it.credentials(token), it.credentials(token));

		assertThat(answers).allSatisfy((answer) -> {
			assertMfaSessionRequired(answer, "ending");
			assertThat(answer.json().get("message").asString()).contains("ends at " + sessionEnd, "serve-margin");
		});
		assertThat(it.proxy().count("AssumeRole")).as("one STS call, then the refusal is remembered").isEqualTo(1);
		assertThat(openSession("ending", "123456", 3600).status()).isEqualTo(201);
		assertThat(it.credentials(token).status()).as("a new session lifts it at once").isEqualTo(200);
	}

	@Test
	void anAssumeRoleRecipeLongerThanAnHourIsRefusedForAnMfaSource() {
		createMfaSource("capped");
		Response response = it.admin()
			.put("/admin/v1/workloads/capped-app", ProxiedBroker.assumeRole("capped", moto.iam().appRoleArn(), 7200));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		List<String> errors = ProxiedBroker.fieldErrors(response, "durationSeconds");
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0)).contains("3600", "one hour");
		assertThat(it.admin().get("/admin/v1/workloads/capped-app").status()).as("nothing stored").isEqualTo(404);
	}

	@Test
	void aCodeOfTheWrongShapeIsRefusedWithoutAskingSts() {
		createMfaSource("shapes");
		for (String code : List.of("12345", "abcdef", "1234567")) {
			Response response = openSession("shapes", code, 3600);
			assertThat(response.status()).as(code + ": " + response).isEqualTo(400);
			assertThat(ProxiedBroker.fieldErrors(response, "tokenCode")).as(code).isNotEmpty();
		}
		assertThat(it.proxy().count("GetSessionToken")).isZero();
		assertThat(it.source("shapes").get("mfaSession").get("active").asBoolean()).isFalse();
	}

	@Test
	void aSourceWithoutMfaSerialHasNoSessions() {
		assertThat(it.putStaticSource("plain", moto.iam().broker(), null).status()).isEqualTo(201);
		Response response = openSession("plain", "123456", 3600);
		assertThat(response.status()).as(response.toString()).isEqualTo(409);
		assertThat(response.json().get("detail").asString()).contains("mfaSerial");
		assertThat(it.proxy().count("GetSessionToken")).isZero();
	}

	@Test
	void aCodeStsRefusesIs422WithStsReasonAndIsNotRetried() {
		createMfaSource("refused");
		it.proxy()
			.failNext("GetSessionToken", 1, 403, "AccessDenied",
					"MultiFactorAuthentication failed with invalid MFA one time pass code.");
		Response response = openSession("refused", "654321", 3600);
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.json().get("detail").asString())
			.contains("MultiFactorAuthentication failed with invalid MFA one time pass code");
		assertThat(it.proxy().count("GetSessionToken")).as("a refused code is never retried").isEqualTo(1);
		assertThat(it.source("refused").get("mfaSession").get("active").asBoolean()).isFalse();
	}

	@Test
	void theSessionSurvivesARestartAndEndingItStopsIssuance() {
		createMfaSource("night");
		String first = it.createWorkload("night-a", ProxiedBroker.assumeRole("night", moto.iam().appRoleArn(), 3600));
		assertThat(openSession("night", "111111", 43200).status()).isEqualTo(201);
		it.issuedCredentials(first);

		it.broker().restart();
		String second = it.createWorkload("night-b", ProxiedBroker.assumeRole("night", moto.iam().appRoleArn(), 3600));
		it.issuedCredentials(second);
		assertThat(it.proxy().count("GetSessionToken")).as("no new code after a restart").isEqualTo(1);
		assertThat(it.proxy().requests("AssumeRole")).hasSize(2)
			.allSatisfy((request) -> assertThat(request.signingAccessKeyId()).isEqualTo(motoSession.accessKeyId()));

		assertThat(it.admin().delete("/admin/v1/sources/night/mfa-session").status()).isEqualTo(204);
		assertThat(it.source("night").get("mfaSession").get("active").asBoolean()).isFalse();
		assertMfaSessionRequired(it.credentials(second), "night");
		String third = it.createWorkload("night-c", ProxiedBroker.assumeRole("night", moto.iam().appRoleArn(), 3600));
		assertMfaSessionRequired(it.credentials(third), "night");
		assertThat(it.proxy().count("AssumeRole")).isEqualTo(2);
	}

	@Test
	void replacingTheSourceDropsItsSession() {
		createMfaSource("swap");
		String token = it.createWorkload("swap-app", ProxiedBroker.assumeRole("swap", moto.iam().appRoleArn(), 3600));
		assertThat(openSession("swap", "222222", 3600).status()).isEqualTo(201);
		it.issuedCredentials(token);
		assertThat(it.source("swap").get("mfaSession").get("active").asBoolean()).isTrue();

		assertThat(it.putStaticSource("swap", moto.iam().broker(), MFA_SERIAL).status()).isEqualTo(200);
		assertThat(it.source("swap").get("mfaSession").get("active").asBoolean()).isFalse();
		assertMfaSessionRequired(it.credentials(token), "swap");
		assertThat(it.proxy().count("AssumeRole")).isEqualTo(1);
	}

	private static void createMfaSource(String name) {
		Response response = it.putStaticSource(name, moto.iam().broker(), MFA_SERIAL);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().get("mfaSession").get("active").asBoolean()).isFalse();
	}

	private static String getSessionTokenAnswer(Instant expiration) {
		return """
				<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
				  <GetSessionTokenResult>
				    <Credentials>
				      <SessionToken>%s</SessionToken>
				      <SecretAccessKey>%s</SecretAccessKey>
				      <Expiration>%s</Expiration>
				      <AccessKeyId>%s</AccessKeyId>
				    </Credentials>
				  </GetSessionTokenResult>
				  <ResponseMetadata><RequestId>0a1b2c3d-ending-session</RequestId></ResponseMetadata>
				</GetSessionTokenResponse>
				""".formatted(motoSession.sessionToken(), motoSession.secretAccessKey(), expiration,
				motoSession.accessKeyId());
	}

	private static Response openSession(String source, String code, int durationSeconds) {
		return it.admin()
			.post("/admin/v1/sources/" + source + "/mfa-session",
					ProxiedBroker.json("tokenCode", code, "durationSeconds", durationSeconds));
	}

	private static void assertMfaSessionRequired(Response response, String source) {
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(response.json().get("code").asString()).isEqualTo("MfaSessionRequired");
		assertThat(response.json().get("message").asString())
			.contains("POST /admin/v1/sources/" + source + "/mfa-session");
	}

}
