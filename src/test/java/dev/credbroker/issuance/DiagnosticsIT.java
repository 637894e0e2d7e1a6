package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.ProxiedBroker;
import dev.credbroker.testsupport.RecordedRequest;

/**
 * Dry runs and authorization message decoding, against moto with IAM auth (so the locked
 * role really is refused). moto does not implement DecodeAuthorizationMessage; the proxy
 * answers it with what real STS sends.
 */
class DiagnosticsIT {

	private static final String DECODED = """
			{"allowed":false,"explicitDeny":false,"matchedStatements":{"items":[]},"failures":{"items":[]},\
			"context":{"principal":{"id":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/broker"},\
			"action":"s3:GetObject","resource":"arn:aws:s3:::reports/2026.csv","conditions":{"items":[]}}}""";

	private static final String DECODE_RESPONSE = """
			<DecodeAuthorizationMessageResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
			  <DecodeAuthorizationMessageResult>
			    <DecodedMessage>%s</DecodedMessage>
			  </DecodeAuthorizationMessageResult>
			  <ResponseMetadata><RequestId>6a5a3a2c-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
			</DecodeAuthorizationMessageResponse>""".formatted(DECODED.replace("&", "&amp;").replace("<", "&lt;"));

	@RegisterExtension
	@Order(1)
	static final MotoServer moto = MotoServer.withIamAuth();

	@RegisterExtension
	@Order(2)
	static final ProxiedBroker it = ProxiedBroker.perClass(moto).normalizingMotoErrors();

	static String appToken;

	@BeforeAll
	static void startBroker() {
		assertThat(it.putStaticSource("main", moto.iam().broker(), null).status()).isEqualTo(201);
		appToken = it.createWorkload("app", ProxiedBroker.assumeRole("main", moto.iam().appRoleArn(), 3600));
		it.createWorkload("denied", ProxiedBroker.assumeRole("main", moto.iam().lockedRoleArn(), 3600));
	}

	@Test
	void aDryRunShowsTheIdentityButNoSecretAndLeavesTheCacheAlone() {
		Response dryRun = it.admin().post("/admin/v1/workloads/app/dry-run", null);
		assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
		JsonNode body = dryRun.json();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("arn", "account", "expiration");
		assertThat(body.get("arn").asString()).startsWith("arn:aws:sts::123456789012:assumed-role/app/");
		assertThat(body.get("account").asString()).isEqualTo("123456789012");
		assertThat(Instant.parse(body.get("expiration").asString())).isAfter(Instant.now().plusSeconds(3000));
		assertThat(dryRun.body()).doesNotContainIgnoringCase("AccessKeyId")
			.doesNotContainIgnoringCase("secret")
			.doesNotContainIgnoringCase("token")
			.doesNotContain("ASIA");

		RecordedRequest assumeRole = it.single("AssumeRole");
		assertThat(assumeRole.signingAccessKeyId()).isEqualTo(moto.iam().broker().accessKeyId());
		RecordedRequest identity = it.single("GetCallerIdentity");
		assertThat(identity.signingAccessKeyId()).as("GetCallerIdentity with the issued credentials")
			.startsWith("ASIA");
		assertThat(identity.header("X-Amz-Security-Token")).isNotBlank();
		assertThat(dryRun.body()).doesNotContain(identity.signingAccessKeyId(),
				identity.header("X-Amz-Security-Token"));

		JsonNode served = it.issuedCredentials(appToken);
		assertThat(it.proxy().count("AssumeRole")).as("the dry run did not fill the cache").isEqualTo(2);
		assertThat(served.get("AccessKeyId").asString()).isNotEqualTo(identity.signingAccessKeyId());
	}

	@Test
	void aDryRunOfARecipeStsRefusesIs502WithTheStsErrorCode() {
		Response dryRun = it.admin().post("/admin/v1/workloads/denied/dry-run", null);
		assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(502);
		assertThat(dryRun.header("Content-Type")).startsWith("application/problem+json");
		assertThat(dryRun.json().get("stsErrorCode").asString()).isEqualTo("AccessDenied");
		assertThat(dryRun.json().get("detail").asString()).contains("AccessDenied", moto.iam().lockedRoleArn());
		assertThat(it.proxy().count("AssumeRole")).as("not retried").isEqualTo(1);
		assertThat(it.proxy().count("GetCallerIdentity")).isZero();
	}

	@Test
	void aDryRunOfAnUnknownWorkloadIs404() {
		assertThat(it.admin().post("/admin/v1/workloads/nobody/dry-run", null).status()).isEqualTo(404);
		assertThat(it.proxy().requests()).isEmpty();
	}

	@Test
	void decodeAuthorizationMessageAsksStsAsTheSource() {
		it.proxy().respondNext("DecodeAuthorizationMessage", 200, "text/xml", DECODE_RESPONSE);
		Response decoded = it.admin()
			.post("/admin/v1/sts/decode-authorization-message",
					ProxiedBroker.json("source", "main", "encodedMessage", "EncodedMessage-abc123_+/="));
		assertThat(decoded.status()).as(decoded.toString()).isEqualTo(200);
		JsonNode message = decoded.json().get("decodedMessage");
		assertThat(message.isObject()).as("decoded JSON, not a string: %s", decoded).isTrue();
		assertThat(message.get("allowed").asBoolean()).isFalse();
		assertThat(message.get("context").get("action").asString()).isEqualTo("s3:GetObject");

		RecordedRequest request = it.single("DecodeAuthorizationMessage");
		assertThat(request.param("EncodedMessage")).isEqualTo("EncodedMessage-abc123_+/=");
		assertThat(request.signingAccessKeyId()).as("signed by the source")
			.isEqualTo(moto.iam().broker().accessKeyId());
	}

	@Test
	void decodeNeedsAKnownSourceAndAMessage() {
		Response unknown = it.admin()
			.post("/admin/v1/sts/decode-authorization-message",
					ProxiedBroker.json("source", "nowhere", "encodedMessage", "abc"));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		Response missing = it.admin()
			.post("/admin/v1/sts/decode-authorization-message", ProxiedBroker.json("source", "main"));
		assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
		assertThat(ProxiedBroker.fieldErrors(missing, "encodedMessage")).isNotEmpty();
		assertThat(it.proxy().count("DecodeAuthorizationMessage")).isZero();
	}

}
