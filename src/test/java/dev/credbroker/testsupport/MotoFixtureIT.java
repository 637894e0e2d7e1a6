package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves the moto test support: IAM-auth seeding, the recording/faulting proxy, outages,
 * real clients.
 */
class MotoFixtureIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tmp;

	@Test
	void seedsFixtureWithIamAuthOn() {
		MotoIamFixture iam = moto.iam();
		assertThat(iam.accountId()).isEqualTo("123456789012");
		assertThat(iam.brokerUserArn()).isEqualTo("arn:aws:iam::123456789012:user/broker");
		assertThat(iam.appRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
		assertThat(iam.lockedRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/locked");
		assertThat(iam.readonlyExtraPolicyArn()).isEqualTo("arn:aws:iam::123456789012:policy/readonly-extra");
		assertThat(iam.broker().accessKeyId()).startsWith("AKIA");
		try (StsClient sts = iam.newStsClient(iam.broker().accessKeyId(), iam.broker().secretAccessKey());
				IamClient admin = iam.adminIamClient()) {
			assertThat(sts.getCallerIdentity().arn()).isEqualTo(iam.brokerUserArn());
			assertThat(admin.getRole(b -> b.roleName("app")).role().maxSessionDuration()).isEqualTo(43200);
		}
	}

	@Test
	void authIsEnforcedAfterSeeding() {
		MotoIamFixture iam = moto.iam();
		try (IamClient stranger = iam.newIamClient("AKIAIOSFODNN7EXAMPLE", "not-a-moto-key")) {
			assertThatThrownBy(() -> stranger.listUsers()).isInstanceOfSatisfying(IamException.class, e -> {
				assertThat(e.statusCode()).isEqualTo(403);
				assertThat(MotoErrors.code(e)).isEqualTo("InvalidClientTokenId");
			});
		}
		try (IamClient broker = iam.newIamClient(iam.broker().accessKeyId(), iam.broker().secretAccessKey())) {
			assertThat(broker.listAccessKeys(b -> b.userName("broker")).accessKeyMetadata()).hasSize(1);
			assertThatThrownBy(() -> broker.listUsers()).isInstanceOfSatisfying(IamException.class,
					e -> assertThat(MotoErrors.code(e)).isEqualTo("AccessDenied"));
		}
	}

	@Test
	void brokerAssumesAppThroughProxyWhichRecordsTheRequest() {
		MotoIamFixture iam = moto.iam();
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = iam.brokerStsClient(proxy.endpoint())) {
			Credentials creds = sts
				.assumeRole(b -> b.roleArn(iam.appRoleArn()).roleSessionName("it-session-1").durationSeconds(900))
				.credentials();

			assertThat(creds.accessKeyId()).startsWith("ASIA");
			assertThat(proxy.count("AssumeRole")).isEqualTo(1);
			RecordedRequest request = proxy.requests("AssumeRole").get(0);
			assertThat(request.param("RoleSessionName")).isEqualTo("it-session-1");
			assertThat(request.param("RoleArn")).isEqualTo(iam.appRoleArn());
			assertThat(request.param("DurationSeconds")).isEqualTo("900");
			assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + proxy.port());

			try (StsClient assumed = iam.newStsClient(moto.endpoint(), creds.accessKeyId(), creds.secretAccessKey(),
					creds.sessionToken())) {
				assertThat(assumed.getCallerIdentity().arn())
					.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/it-session-1");
			}
		}
	}

	@Test
	void scriptedErrorThenSuccessWithoutSdkRetries() {
		MotoIamFixture iam = moto.iam();
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = iam.brokerStsClient(proxy.endpoint())) {
			proxy.failNext("AssumeRole", 1, 500, "InternalFailure", "scripted <failure>");

			assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(iam.appRoleArn()).roleSessionName("s1")))
				.isInstanceOfSatisfying(StsException.class, e -> {
					assertThat(e.statusCode()).isEqualTo(500);
					assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
					assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("scripted <failure>");
				});
			assertThat(sts.getCallerIdentity().arn()).as("fault only for AssumeRole").isEqualTo(iam.brokerUserArn());
			assertThat(sts.assumeRole(b -> b.roleArn(iam.appRoleArn()).roleSessionName("s1")).credentials())
				.isNotNull();
			assertThat(proxy.count("AssumeRole")).isEqualTo(2);

			proxy.failNext(1, 400, "Throttling", "Rate exceeded");
			assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
					e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"));
		}
	}

	@Test
	void delaysAreVisibleInTimestamps() {
		MotoIamFixture iam = moto.iam();
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = iam.brokerStsClient(proxy.endpoint())) {
			sts.getCallerIdentity();
			proxy.delayNext(Duration.ofMillis(300));
			long start = System.nanoTime();
			sts.getCallerIdentity();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			sts.getCallerIdentity();

			var calls = proxy.requests("GetCallerIdentity");
			assertThat(calls).hasSize(3);
			assertThat(calls.get(2).since(calls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			proxy.reset();
			assertThat(proxy.requests()).isEmpty();
		}
	}

	@Test
	void lockedRoleIsAccessDenied() {
		MotoIamFixture iam = moto.iam();
		try (StsClient sts = iam.brokerStsClient(moto.endpoint())) {
			assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(iam.lockedRoleArn()).roleSessionName("s1")))
				.isInstanceOfSatisfying(StsException.class, e -> {
					assertThat(e.statusCode()).isEqualTo(403);
					assertThat(e.awsErrorDetails().errorCode()).as("moto's EC2-shaped error").isNull();
					assertThat(MotoErrors.code(e)).isEqualTo("AccessDenied");
				});
		}
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = iam.brokerStsClient(proxy.endpoint())) {
			proxy.normalizeMotoErrors(true);
			assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(iam.lockedRoleArn()).roleSessionName("s1")))
				.isInstanceOfSatisfying(StsException.class,
						e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
		}
	}

	@Test
	void wrongSecretIsRejected() {
		MotoIamFixture iam = moto.iam();
		try (StsClient sts = iam.newStsClient(iam.broker().accessKeyId(), "wrong-secret")) {
			assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
					e -> assertThat(MotoErrors.code(e)).isEqualTo("SignatureDoesNotMatch"));
		}
	}

	@Test
	void proxyGoesDownAndComesBackOnTheSamePort() {
		MotoIamFixture iam = moto.iam();
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = iam.brokerStsClient(proxy.endpoint())) {
			var endpoint = proxy.endpoint();
			sts.getCallerIdentity();

			proxy.goDown();
			assertThat(FreePorts.isListening(proxy.port())).isFalse();
			try (StsClient fresh = iam.brokerStsClient(endpoint)) {
				assertThatThrownBy(fresh::getCallerIdentity).isInstanceOf(SdkClientException.class);
			}

			proxy.comeBack();
			assertThat(proxy.endpoint()).isEqualTo(endpoint);
			assertThat(sts.getCallerIdentity().arn()).isEqualTo(iam.brokerUserArn());
		}
	}

	@Test
	void motoStopsAndStartsOnTheSamePortWithAnEqualFixture() {
		MotoIamFixture before = moto.iam();
		var endpoint = moto.endpoint();
		try (StsProxy proxy = StsProxy.to(moto.endpoint()); StsClient sts = before.brokerStsClient(proxy.endpoint())) {
			moto.stop();
			assertThat(FreePorts.isListening(moto.port())).isFalse();
			assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
					e -> assertThat(e.statusCode()).isEqualTo(502));

			moto.start();
			assertThat(moto.endpoint()).isEqualTo(endpoint);
			assertThat(moto.iam()).isEqualTo(before);
			assertThat(sts.assumeRole(b -> b.roleArn(before.appRoleArn()).roleSessionName("after-restart"))
				.assumedRoleUser()
				.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/app/after-restart");
		}
		finally {
			moto.start();
		}
	}

	@Test
	void botocoreAndAwsCliLoadContainerCredentials() throws Exception {
		MotoIamFixture iam = moto.iam();
		Credentials creds;
		try (StsClient sts = iam.brokerStsClient(moto.endpoint())) {
			creds = sts.assumeRole(b -> b.roleArn(iam.appRoleArn()).roleSessionName("container")).credentials();
		}
		String token = "Bearer-ish secret token";
		try (var endpoint = new FakeContainerCredentialsEndpoint(token, creds.accessKeyId(), creds.secretAccessKey(),
				creds.sessionToken())) {
			Map<String, String> withToken = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString(),
					"AWS_CONTAINER_AUTHORIZATION_TOKEN", token, "AWS_DEFAULT_REGION", moto.region());
			JsonNode viaToken = json(
					ExternalClients.botocore(withToken, "--caller-identity", moto.endpoint().toString()));
			assertThat(viaToken.get("access_key").asString()).isEqualTo(creds.accessKeyId());
			assertThat(viaToken.get("method").asString()).isEqualTo("container-role");
			assertThat(viaToken.get("token_present").asBoolean()).isTrue();
			assertThat(viaToken.get("arn").asString())
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/container");

			Path tokenFile = Files.writeString(tmp.resolve("token"), token);
			Map<String, String> withTokenFile = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri().toString(),
					"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString(), "AWS_DEFAULT_REGION",
					moto.region());
			JsonNode viaFile = json(ExternalClients.botocore(withTokenFile));
			assertThat(viaFile.get("access_key").asString()).isEqualTo(creds.accessKeyId());
			assertThat(viaFile.get("method").asString()).isEqualTo("container-role");

			var cli = ExternalClients.awsCli(withTokenFile, "sts", "get-caller-identity", "--endpoint-url",
					moto.endpoint().toString(), "--output", "json");
			assertThat(cli.exitCode()).as(cli.toString()).isZero();
			assertThat(JSON.readTree(cli.stdout()).get("Arn").asString())
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/container");

			assertThat(endpoint.rejected()).isZero();
			assertThat(endpoint.served()).isGreaterThanOrEqualTo(3);

			var wrongToken = ExternalClients.botocore(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
					endpoint.uri().toString(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong"));
			assertThat(wrongToken.exitCode()).as(wrongToken.toString()).isNotZero();
			assertThat(endpoint.rejected()).isPositive();
		}
	}

	/**
	 * Where moto 5.2.1 differs from real STS; tests of the broker must not rely on these.
	 */
	@Test
	void documentsMotoQuirks() {
		MotoIamFixture iam = moto.iam();
		try (IamClient admin = iam.adminIamClient(); StsClient sts = iam.brokerStsClient(moto.endpoint())) {
			admin.createRole(b -> b.roleName("no-tag-session").assumeRolePolicyDocument("""
					{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
					  "Principal": {"AWS": "%s"}, "Action": "sts:AssumeRole"}]}""".formatted(iam.brokerUserArn())));

			// sts:TagSession / sts:SetSourceIdentity are not enforced; MaxSessionDuration
			// is not enforced
			var assumed = sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/no-tag-session")
				.roleSessionName("tagged")
				.durationSeconds(43201)
				.tags(t -> t.key("team").value("a"))
				.sourceIdentity("alice")
				.externalId("ext-1")
				.policyArns(p -> p.arn(iam.readonlyExtraPolicyArn())));
			assertThat(assumed.assumedRoleUser().arn())
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/no-tag-session/tagged");
			assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":tagged");

			// GetSessionToken / GetFederationToken work under IAM auth but return fixed
			// example keys
			assertThat(sts.getSessionToken().credentials().accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
			assertThat(sts.getFederationToken(b -> b.name("fed")).credentials().accessKeyId())
				.isEqualTo("AKIAIOSFODNN7EXAMPLE");

			// DecodeAuthorizationMessage is not implemented (HTML 500)
			assertThatThrownBy(() -> sts.decodeAuthorizationMessage(b -> b.encodedMessage("x")))
				.isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
		}
	}

	private static JsonNode json(ExternalClients.Result result) {
		assertThat(result.exitCode()).as(result.toString()).isZero();
		return JSON.readTree(result.lastLine());
	}

}
