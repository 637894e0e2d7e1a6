package dev.credbroker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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
 * Rotation of a static source's access key against moto WITH IAM auth, so an old key that was deleted really stops
 * authenticating. The new secret exists only inside the broker, so issuing through it proves it works. Each test has
 * its own IAM user.
 */
class KeyRotationIT {

	private static final String USER_POLICY = """
			{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
			  "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:GetUser",
			  "sts:GetCallerIdentity", "sts:GetSessionToken"]}]}""";

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	@TempDir
	static Path dataDir;

	static ProxiedBroker it;

	@BeforeAll
	static void startBroker() {
		it = ProxiedBroker.start(moto, dataDir);
	}

	@AfterAll
	static void stopBroker() {
		if (it != null) {
			it.close();
		}
	}

	@BeforeEach
	void resetProxy() {
		it.proxy().reset();
		it.proxy().normalizeMotoErrors(true);
	}

	@Test
	void rotationSwapsInANewKeyAndDeletesTheOldOne() {
		Keys old = moto.iam().createUser("rotor", USER_POLICY);
		String token = registerWithWorkload("rotor", old);

		Response rotated = it.admin().post("/admin/v1/sources/rotor/rotate", null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newKeyId = single(accessKeyIds("rotor"));
		assertThat(newKeyId).isNotEqualTo(old.accessKeyId());
		assertThat(rotated.json().get("accessKeyId").asString()).isEqualTo(AccessKeyIds.mask(newKeyId))
			.isNotEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		assertThat(rotated.json().get("previousAccessKeyId").asString()).isEqualTo(AccessKeyIds.mask(old.accessKeyId()));
		assertThat(rotated.json().get("previousKeyDeleted").asBoolean()).isTrue();
		assertThat(rotated.body()).doesNotContain(newKeyId, old.accessKeyId(), old.secretAccessKey());
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
		assertThat(it.single("GetSessionToken").signingAccessKeyId()).as("issued with the new key")
			.isEqualTo(newKeyId);
	}

	@Test
	void aFailedCreateAccessKeyLeavesTheOldKeyInUse() {
		Keys old = moto.iam().createUser("crowded", USER_POLICY);
		String second;
		try (IamClient admin = moto.iam().adminIamClient()) {
			second = admin.createAccessKey((request) -> request.userName("crowded")).accessKey().accessKeyId();
		}
		String token = registerWithWorkload("crowded", old);

		Response rotated = it.admin().post("/admin/v1/sources/crowded/rotate", null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(502);
		assertThat(rotated.header("Content-Type")).startsWith("application/problem+json");
		assertThat(rotated.json().get("detail").asString()).contains("CreateAccessKey", "LimitExceeded",
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

		Response rotated = it.admin().post("/admin/v1/sources/unverified/rotate", null);
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(502);
		assertThat(rotated.json().get("detail").asString()).contains("GetCallerIdentity", "old key is unchanged");
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
