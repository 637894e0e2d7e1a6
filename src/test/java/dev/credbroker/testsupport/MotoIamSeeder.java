package dev.credbroker.testsupport;

import java.net.URI;

import dev.credbroker.testsupport.MotoIamFixture.Keys;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Seeds {@link MotoIamFixture} into moto with the AWS SDK v2 {@link IamClient}.
 *
 * <p>
 * Exactly {@link #UNAUTHENTICATED_ACTIONS} actions run before any key exists (moto does
 * not check them, see {@link MotoServer}): CreateUser admin, CreateAccessKey admin,
 * PutUserPolicy admin ({@code "*"} on {@code "*"}). Everything after that is signed with
 * the admin key, so the seeding works the same with and without IAM auth.
 */
final class MotoIamSeeder {

	/** Number of actions the seeding sends before it has a valid key. */
	static final int UNAUTHENTICATED_ACTIONS = 3;

	private static final String ACCOUNT_ID = "123456789012";

	private final URI endpoint;

	private final String region;

	MotoIamSeeder(URI endpoint, String region) {
		this.endpoint = endpoint;
		this.region = region;
	}

	MotoIamFixture seed() {
		Keys admin = seedAdmin();
		try (IamClient iam = MotoIamFixture.newIamClient(endpoint, region, admin)) {
			String brokerArn = iam.createUser(b -> b.userName(MotoIamFixture.BROKER_USER)).user().arn();
			Keys broker = Keys.of(iam.createAccessKey(b -> b.userName(MotoIamFixture.BROKER_USER)).accessKey());
			iam.putUserPolicy(
					b -> b.userName(MotoIamFixture.BROKER_USER).policyName("broker").policyDocument(brokerPolicy()));

			String appArn = iam
				.createRole(b -> b.roleName(MotoIamFixture.APP_ROLE)
					.assumeRolePolicyDocument(trustPolicy(brokerArn))
					.maxSessionDuration(MotoIamFixture.APP_MAX_SESSION_SECONDS))
				.role()
				.arn();
			iam.putRolePolicy(b -> b.roleName(MotoIamFixture.APP_ROLE)
				.policyName("app")
				.policyDocument(allow("\"s3:ListAllMyBuckets\"", "\"*\"")));

			String policyArn = iam
				.createPolicy(b -> b.policyName(MotoIamFixture.READONLY_EXTRA_POLICY)
					.policyDocument(allow("\"s3:GetObject\", \"s3:ListBucket\"", "\"*\"")))
				.policy()
				.arn();

			String lockedArn = iam
				.createRole(b -> b.roleName(MotoIamFixture.LOCKED_ROLE)
					.assumeRolePolicyDocument(trustPolicy("arn:aws:iam::" + ACCOUNT_ID + ":user/someone-else")))
				.role()
				.arn();

			return new MotoIamFixture(endpoint, region, ACCOUNT_ID, admin, brokerArn, broker, appArn, lockedArn,
					policyArn);
		}
	}

	/**
	 * The three unauthenticated actions; any key works for signing because moto does not
	 * check it yet.
	 */
	private Keys seedAdmin() {
		Keys anyKey = new Keys("AKIASEEDINGNOAUTHXXX", "seeding-is-not-auth-checked");
		try (IamClient iam = MotoIamFixture.newIamClient(endpoint, region, anyKey)) {
			iam.createUser(b -> b.userName(MotoIamFixture.ADMIN_USER));
			Keys admin = Keys.of(iam.createAccessKey(b -> b.userName(MotoIamFixture.ADMIN_USER)).accessKey());
			iam.putUserPolicy(b -> b.userName(MotoIamFixture.ADMIN_USER)
				.policyName("admin")
				.policyDocument(allow("\"*\"", "\"*\"")));
			return admin;
		}
	}

	/**
	 * The broker may call STS and manage its own access keys. moto evaluates IAM user
	 * actions against the resource {@code "*"} (only role actions get a role ARN), so a
	 * policy scoped to the broker's own user ARN would deny everything in moto; the IAM
	 * statement therefore uses {@code "*"}.
	 */
	private static String brokerPolicy() {
		return """
				{"Version": "2012-10-17", "Statement": [
				  {"Effect": "Allow", "Resource": "*", "Action": ["sts:AssumeRole", "sts:TagSession",
				    "sts:SetSourceIdentity", "sts:GetFederationToken", "sts:GetSessionToken",
				    "sts:GetCallerIdentity", "sts:DecodeAuthorizationMessage"]},
				  {"Effect": "Allow", "Resource": "*", "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey",
				    "iam:ListAccessKeys", "iam:GetUser"]}
				]}""";
	}

	/**
	 * moto matches trust-policy principals literally, so the principal is the user ARN,
	 * not the account root.
	 */
	private static String trustPolicy(String principalArn) {
		return """
				{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
				  "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]}""".formatted(principalArn);
	}

	private static String allow(String actions, String resources) {
		return """
				{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [%s], "Resource": [%s]}]}"""
			.formatted(actions, resources);
	}

}
