package dev.credbroker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoIamFixture.Keys;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.ProxiedBroker;
import dev.credbroker.testsupport.RecordedRequest;

/**
 * Rotation of a static source's access key against moto WITH IAM auth, so an old key that
 * was deleted really stops authenticating. The new secret exists only inside the broker,
 * so issuing through it proves it works. Each test has its own IAM user.
 */
class KeyRotationIT {

	private static final String USER_POLICY = """
			{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
			  "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:GetUser",
			  "sts:GetCallerIdentity", "sts:GetSessionToken"]}]}""";

	@RegisterExtension
	@Order(1)
	static final MotoServer moto = MotoServer.withIamAuth();

	@RegisterExtension
	@Order(2)
	static final ProxiedBroker it = ProxiedBroker.perClass(moto).normalizingMotoErrors();

	@Test
	void rotationSwapsInANewKeyAndDeletesTheOldOne() {
		Keys old = moto.iam().createUser("rotor", USER_POLICY);
		String token = registerWithWorkload("rotor", old);
		it.issuedCredentials(token);

		JsonNode rotated = rotate("rotor", 200);
		String newKeyId = single(accessKeyIds("rotor"));
		assertThat(newKeyId).isNotEqualTo(old.accessKeyId());
		assertThat(rotated.get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(newKeyId))
			.isNotEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		assertThat(rotated.get("previousAccessKeyId").asString()).isEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		assertThat(rotated.get("previousKeyDeleted").asBoolean()).isTrue();
		assertThat(rotated.toString()).doesNotContain(newKeyId, old.accessKeyId(), old.secretAccessKey());
		assertThat(it.source("rotor").get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(newKeyId));

		assertThat(it.single("CreateAccessKey").signingAccessKeyId()).isEqualTo(old.accessKeyId());
		assertThat(it.proxy().requests("GetCallerIdentity")).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.signingAccessKeyId()).isEqualTo(newKeyId));
		RecordedRequest delete = it.single("DeleteAccessKey");
		assertThat(delete.param("AccessKeyId")).isEqualTo(old.accessKeyId());
		assertThat(delete.signingAccessKeyId()).isEqualTo(newKeyId);

		try (StsClient withOldKey = moto.iam().newStsClient(old.accessKeyId(), old.secretAccessKey())) {
			assertThatThrownBy(withOldKey::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class,
					(ex) -> assertThat(ex.statusCode()).isEqualTo(403));
		}
		it.issuedCredentials(token);
		assertThat(it.proxy().requests("GetSessionToken")).as("the rotation dropped credentials of the old key")
			.extracting(RecordedRequest::signingAccessKeyId)
			.containsExactly(old.accessKeyId(), newKeyId);
	}

	@Test
	void aFailedDeleteOfTheOldKeyIsOnlyAWarning() {
		Keys old = moto.iam().createUser("leftover", USER_POLICY);
		String token = registerWithWorkload("leftover", old);
		it.proxy().failNext("DeleteAccessKey", 1, 403, "AccessDenied", "not allowed today");

		JsonNode rotated = rotate("leftover", 200);
		assertThat(rotated.get("previousKeyDeleted").asBoolean()).isFalse();
		assertThat(rotated.get("warning").asString()).contains("DeleteAccessKey", AccessKeyIds.mask(old.accessKeyId()));
		List<String> keys = accessKeyIds("leftover");
		assertThat(keys).hasSize(2).contains(old.accessKeyId());
		String newKeyId = keys.stream().filter((id) -> !id.equals(old.accessKeyId())).findFirst().orElseThrow();
		assertThat(it.source("leftover").get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(newKeyId));
		it.issuedCredentials(token);
		assertThat(it.single("GetSessionToken").signingAccessKeyId()).isEqualTo(newKeyId);
	}

	@Test
	void accessKeyIdsInAwsMessagesAreMasked() {
		Keys old = moto.iam().createUser("quoted", USER_POLICY);
		registerWithWorkload("quoted", old);
		it.proxy()
			.failNext("DeleteAccessKey", 1, 404, "NoSuchEntity",
					"The Access Key with id " + old.accessKeyId() + " cannot be found.");

		JsonNode rotated = rotate("quoted", 200);

		assertThat(rotated.get("warning").asString())
			.contains("NoSuchEntity",
					"The Access Key with id " + AccessKeyIds.mask(old.accessKeyId()) + " cannot be found")
			.doesNotContain(old.accessKeyId(), "null");
		assertThat(rotated.toString()).doesNotContain(old.accessKeyId());
	}

	@Test
	void aFailedCreateAccessKeyLeavesTheOldKeyInUse() {
		Keys old = moto.iam().createUser("crowded", USER_POLICY);
		String second;
		try (IamClient admin = moto.iam().adminIamClient()) {
			second = admin.createAccessKey((request) -> request.userName("crowded")).accessKey().accessKeyId();
		}
		String token = registerWithWorkload("crowded", old);

		JsonNode rotated = rotate("crowded", 502);
		assertThat(rotated.get("detail").asString()).contains("CreateAccessKey", "LimitExceeded",
				"old key is unchanged");

		assertThat(it.source("crowded").get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		assertThat(accessKeyIds("crowded")).containsExactlyInAnyOrder(old.accessKeyId(), second);
		assertThat(it.proxy().count("DeleteAccessKey")).isZero();
		it.issuedCredentials(token);
		assertThat(it.single("GetSessionToken").signingAccessKeyId()).isEqualTo(old.accessKeyId());
	}

	@Test
	void aNewKeyThatCannotBeVerifiedIsDeletedAgain() {
		Keys old = moto.iam().createUser("unverified", USER_POLICY);
		String token = registerWithWorkload("unverified", old);
		it.proxy().failNext("GetCallerIdentity", 100, 403, "AccessDenied", "not yet");

		JsonNode rotated = rotate("unverified", 502);
		assertThat(rotated.get("detail").asString()).contains("GetCallerIdentity", "old key is unchanged");
		assertThat(it.proxy().count("GetCallerIdentity")).as("retried for IAM propagation").isGreaterThan(1);

		String created = it.single("DeleteAccessKey").param("AccessKeyId");
		assertThat(created).isNotEqualTo(old.accessKeyId());
		assertThat(it.single("DeleteAccessKey").signingAccessKeyId()).isEqualTo(old.accessKeyId());
		assertThat(accessKeyIds("unverified")).containsExactly(old.accessKeyId());
		assertThat(it.source("unverified").get("accessKeyId").asString())
			.isEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		it.proxy().reset();
		it.issuedCredentials(token);
		assertThat(it.single("GetSessionToken").signingAccessKeyId()).isEqualTo(old.accessKeyId());
	}

	private static String registerWithWorkload(String name, Keys keys) {
		Response source = it.putStaticSource(name, keys, null);
		assertThat(source.status()).as(source.toString()).isEqualTo(201);
		JsonNode view = source.json();
		assertThat(view.get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(keys.accessKeyId()));
		return it.createWorkload(name + "-app", ProxiedBroker.sessionToken(name));
	}

	/**
	 * {@code POST /admin/v1/sources/{name}/rotate}, expecting this status; a failure must
	 * be a problem.
	 */
	private static JsonNode rotate(String source, int expectedStatus) {
		Response response = it.admin().post("/admin/v1/sources/" + source + "/rotate", null);
		assertThat(response.status()).as(response.toString()).isEqualTo(expectedStatus);
		if (expectedStatus >= 400) {
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
		return response.json();
	}

	private static List<String> accessKeyIds(String userName) {
		try (IamClient admin = moto.iam().adminIamClient()) {
			return admin.listAccessKeys((request) -> request.userName(userName))
				.accessKeyMetadata()
				.stream()
				.map(AccessKeyMetadata::accessKeyId)
				.toList();
		}
	}

	private static <T> T single(List<T> items) {
		assertThat(items).hasSize(1);
		return items.get(0);
	}

}
