package dev.credbroker.issuance.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetFederationTokenRequest;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.issuance.StsProperties;
import dev.credbroker.source.Source;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.Workload;

/**
 * Turns a workload's recipe into one STS call (AssumeRole, GetFederationToken or
 * GetSessionToken).
 */
@Component
class RecipeIssuer {

	/** STS caps sessions chained from temporary credentials at one hour. */
	static final int CHAINED_MAX_SECONDS = 3600;

	private final StsGateway sts;

	private final SourceCredentials sourceCredentials;

	private final StsProperties properties;

	RecipeIssuer(StsGateway sts, SourceCredentials sourceCredentials, StsProperties properties) {
		this.sts = sts;
		this.sourceCredentials = sourceCredentials;
		this.properties = properties;
	}

	IssuedCredentials issue(Workload workload, Source source) {
		return issue(workload, source, false);
	}

	/**
	 * @param renewal whether these credentials renew cached ones: the renewal logs its
	 * failure (one WARN naming the workload), so a failed STS call is not logged again
	 */
	IssuedCredentials issue(Workload workload, Source source, boolean renewal) {
		SourceCredentials.Signing signing = this.sourceCredentials.signingFor(source);
		String region = this.properties.regionOf(source);
		Recipe recipe = workload.recipe();
		IssuedCredentials issued = switch (recipe.type()) {
			case ASSUME_ROLE -> assumeRole(workload, source, recipe, signing, region, renewal);
			case FEDERATION_TOKEN -> federationToken(workload, source, recipe, signing.provider(), region, renewal);
			case SESSION_TOKEN -> sessionToken(source, recipe, signing.provider(), region, renewal);
		};
		return issued.expiringNoLaterThan(signing.notAfter());
	}

	private static StsCall logged(StsCall call, boolean renewal) {
		return renewal ? call.failureLoggedByCaller() : call;
	}

	private IssuedCredentials assumeRole(Workload workload, Source source, Recipe recipe,
			SourceCredentials.Signing signing, String region, boolean renewal) {
		int duration = signing.temporary() ? Math.min(recipe.durationSeconds(), CHAINED_MAX_SECONDS)
				: recipe.durationSeconds();
		AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
			.roleArn(recipe.roleArn())
			.roleSessionName(recipe.roleSessionNameFor(workload.name()))
			.durationSeconds(duration)
			.externalId(recipe.externalId())
			.policy(recipe.sessionPolicy())
			.sourceIdentity(recipe.sourceIdentity())
			.overrideConfiguration((config) -> config.credentialsProvider(signing.provider()));
		if (!recipe.policyArns().isEmpty()) {
			request.policyArns(policyArns(recipe.policyArns()));
		}
		if (!recipe.sessionTags().isEmpty()) {
			request.tags(tags(recipe.sessionTags()));
		}
		AssumeRoleResponse response = this.sts.call(region,
				logged(StsCall.assumeRole(source.name(), recipe.roleArn()), renewal),
				(client) -> client.assumeRole(request.build()));
		return of(response.credentials(), accountOf(response.assumedRoleUser().arn()), recipe.roleArn());
	}

	private IssuedCredentials federationToken(Workload workload, Source source, Recipe recipe,
			AwsCredentialsProvider signing, String region, boolean renewal) {
		GetFederationTokenRequest.Builder request = GetFederationTokenRequest.builder()
			.name(recipe.federatedUserNameFor(workload.name()))
			.durationSeconds(recipe.durationSeconds())
			.policy(recipe.sessionPolicy())
			.overrideConfiguration((config) -> config.credentialsProvider(signing));
		if (!recipe.policyArns().isEmpty()) {
			request.policyArns(policyArns(recipe.policyArns()));
		}
		if (!recipe.sessionTags().isEmpty()) {
			request.tags(tags(recipe.sessionTags()));
		}
		GetFederationTokenResponse response = this.sts.call(region,
				logged(StsCall.of("GetFederationToken", source.name(), "workload " + workload.name()), renewal),
				(client) -> client.getFederationToken(request.build()));
		return of(response.credentials(), accountOf(response.federatedUser().arn()), null);
	}

	private IssuedCredentials sessionToken(Source source, Recipe recipe, AwsCredentialsProvider signing, String region,
			boolean renewal) {
		GetSessionTokenRequest request = GetSessionTokenRequest.builder()
			.durationSeconds(recipe.durationSeconds())
			.overrideConfiguration((config) -> config.credentialsProvider(signing))
			.build();
		Credentials credentials = this.sts
			.call(region, logged(StsCall.of("GetSessionToken", source.name(), "the source's IAM user"), renewal),
					(client) -> client.getSessionToken(request))
			.credentials();
		return of(credentials, null, null);
	}

	private static List<PolicyDescriptorType> policyArns(List<String> arns) {
		return arns.stream().map((arn) -> PolicyDescriptorType.builder().arn(arn).build()).toList();
	}

	private static List<Tag> tags(Map<String, String> tags) {
		return tags.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> Tag.builder().key(entry.getKey()).value(entry.getValue()).build())
			.toList();
	}

	private static IssuedCredentials of(Credentials credentials, String accountId, String roleArn) {
		Instant expiration = credentials.expiration();
		return new IssuedCredentials(credentials.accessKeyId(), Secret.of(credentials.secretAccessKey()),
				Secret.of(credentials.sessionToken()), expiration, accountId, roleArn);
	}

	static String accountOf(String arn) {
		if (arn == null) {
			return null;
		}
		// arn:partition:service:region:account-id:resource
		String[] parts = arn.split(":", 6);
		return (parts.length == 6 && parts[4].matches("\\d{12}")) ? parts[4] : null;
	}

}
