package dev.credbroker.testsupport;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM world seeded into moto by {@link MotoServer}: an {@code admin} user (used only
 * for seeding), the {@code broker} user with its access key, the assumable role
 * {@code app}, the unassumable role {@code locked} and the managed policy
 * {@code readonly-extra}.
 *
 * <p>
 * moto derives every generated id and key from its random generator, which
 * {@link MotoServer} seeds with a fixed value before seeding; the same seeding sequence
 * therefore yields an equal fixture, also after a restart of moto.
 */
public record MotoIamFixture(URI endpoint, String region, String accountId, Keys admin, String brokerUserArn,
		Keys broker, String appRoleArn, String lockedRoleArn, String readonlyExtraPolicyArn) {

	public static final String ADMIN_USER = "admin";

	public static final String BROKER_USER = "broker";

	public static final String APP_ROLE = "app";

	public static final String LOCKED_ROLE = "locked";

	public static final String READONLY_EXTRA_POLICY = "readonly-extra";

	public static final int APP_MAX_SESSION_SECONDS = 43200;

	/** An access key pair ({@code toString()} hides the secret). */
	public record Keys(String accessKeyId, String secretAccessKey) {

		static Keys of(AccessKey key) {
			return new Keys(key.accessKeyId(), key.secretAccessKey());
		}

		@Override
		public String toString() {
			return "Keys[" + accessKeyId + "]";
		}
	}

	/**
	 * Seeds the fixture into the moto server at {@code endpoint}; see
	 * {@link MotoIamSeeder}.
	 */
	public static MotoIamFixture seed(URI endpoint, String region) {
		return new MotoIamSeeder(endpoint, region).seed();
	}

	/** IAM client signed with the given keys, pointed at moto, SDK retries off. */
	public IamClient newIamClient(String accessKeyId, String secretAccessKey) {
		return newIamClient(endpoint, region, new Keys(accessKeyId, secretAccessKey));
	}

	/** STS client signed with the given keys, pointed at moto, SDK retries off. */
	public StsClient newStsClient(String accessKeyId, String secretAccessKey) {
		return newStsClient(endpoint, accessKeyId, secretAccessKey, null);
	}

	/**
	 * STS client signed with the given keys (and session token, may be null) pointed at
	 * {@code stsEndpoint} (for example a {@link StsProxy}), SDK retries off.
	 */
	public StsClient newStsClient(URI stsEndpoint, String accessKeyId, String secretAccessKey, String sessionToken) {
		return StsClient.builder()
			.endpointOverride(stsEndpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials(accessKeyId, secretAccessKey, sessionToken))
			.httpClientBuilder(ApacheHttpClient.builder())
			.overrideConfiguration(noRetries())
			.build();
	}

	/** STS client with the broker's keys, pointed at {@code stsEndpoint}. */
	public StsClient brokerStsClient(URI stsEndpoint) {
		return newStsClient(stsEndpoint, broker.accessKeyId(), broker.secretAccessKey(), null);
	}

	/** IAM client with the admin's keys (allowed everything). */
	public IamClient adminIamClient() {
		return newIamClient(endpoint, region, admin);
	}

	/**
	 * Creates one more IAM user with an access key and the given inline policy (JSON, may
	 * be null). Cheap (three IAM calls). Not re-created by a moto restart.
	 */
	public Keys createUser(String userName, String inlinePolicyJson) {
		try (IamClient iam = adminIamClient()) {
			iam.createUser(b -> b.userName(userName));
			if (inlinePolicyJson != null) {
				iam.putUserPolicy(b -> b.userName(userName).policyName(userName).policyDocument(inlinePolicyJson));
			}
			return Keys.of(iam.createAccessKey(b -> b.userName(userName)).accessKey());
		}
	}

	/** ARN of a user of this account. */
	public String userArn(String userName) {
		return "arn:aws:iam::" + accountId + ":user/" + userName;
	}

	static IamClient newIamClient(URI endpoint, String region, Keys keys) {
		return IamClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(region))
			.credentialsProvider(credentials(keys.accessKeyId(), keys.secretAccessKey(), null))
			.httpClientBuilder(ApacheHttpClient.builder())
			.overrideConfiguration(noRetries())
			.build();
	}

	private static StaticCredentialsProvider credentials(String accessKeyId, String secret, String sessionToken) {
		return StaticCredentialsProvider.create(sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secret)
				: AwsSessionCredentials.create(accessKeyId, secret, sessionToken));
	}

	private static ClientOverrideConfiguration noRetries() {
		return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build();
	}
}
