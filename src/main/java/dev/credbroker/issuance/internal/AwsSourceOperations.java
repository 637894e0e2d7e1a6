package dev.credbroker.issuance.internal;

import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;

import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.IamProperties;
import dev.credbroker.issuance.StsProperties;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.source.MfaCodeRejectedException;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceAws;

/**
 * The STS and IAM calls behind MFA sessions, key rotation and the default-chain report.
 */
@Component
class AwsSourceOperations implements SourceAws, DisposableBean {

	/** Refusals that are about the source's own keys, not the MFA code. */
	private static final java.util.Set<String> SOURCE_KEY_PROBLEMS = java.util.Set.of("InvalidClientTokenId",
			"SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException");

	private final StsGateway sts;

	private final SourceCredentials sourceCredentials;

	private final StsProperties stsProperties;

	private final SdkClientLazily<IamClient> iam;

	private final Retry propagation = Retry.of("iam-propagation", RetryConfig.custom()
		.maxAttempts(8)
		.intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(250), 2.0, Duration.ofSeconds(4)))
		.retryOnException((failure) -> failure instanceof SourceAws.AwsOperationException)
		.build());

	AwsSourceOperations(StsGateway sts, SourceCredentials sourceCredentials, StsProperties stsProperties,
			IamProperties iamProperties) {
		this.sts = sts;
		this.sourceCredentials = sourceCredentials;
		this.stsProperties = stsProperties;
		// Built on first use: only key rotation calls IAM, and building an SDK client
		// costs start-up time.
		this.iam = SdkClientLazily.of(() -> {
			var iamBuilder = IamClient.builder()
				.region(Region.AWS_GLOBAL)
				.credentialsProvider(NoDefaultCredentials.INSTANCE)
				.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
					.apiCallTimeout(Duration.ofSeconds(10)));
			if (iamProperties.endpoint() != null) {
				iamBuilder.endpointOverride(iamProperties.endpoint());
			}
			return iamBuilder.build();
		});
	}

	@Override
	public MfaSession openMfaSession(Source source, String tokenCode, int durationSeconds) {
		AwsCredentialsProvider longTerm = this.sourceCredentials.longTermSigningFor(source);
		GetSessionTokenRequest request = GetSessionTokenRequest.builder()
			.serialNumber(source.mfaSerial())
			.tokenCode(tokenCode)
			.durationSeconds(durationSeconds)
			.overrideConfiguration((config) -> config.credentialsProvider(longTerm))
			.build();
		try {
			Credentials credentials = this.sts
				.call(this.stsProperties.regionOf(source),
						StsCall.of("GetSessionToken", source.name(), "MFA device " + source.mfaSerial()),
						(client) -> client.getSessionToken(request))
				.credentials();
			return new MfaSession(source.name(), credentials.accessKeyId(), Secret.of(credentials.secretAccessKey()),
					Secret.of(credentials.sessionToken()), credentials.expiration());
		}
		catch (UpstreamRejectedException ex) {
			if (ex.stsErrorCode() == null || SOURCE_KEY_PROBLEMS.contains(ex.stsErrorCode())) {
				throw new AwsOperationException(ex.getMessage(), true);
			}
			throw new MfaCodeRejectedException(ex.getMessage());
		}
		catch (UpstreamUnavailableException ex) {
			throw new AwsOperationException(ex.getMessage(), false);
		}
	}

	@Override
	public NewAccessKey createAccessKey(Source source) {
		AwsCredentialsProvider current = staticProvider(source.accessKeyId(), source.secretAccessKey());
		AccessKey key = iamCall("IAM CreateAccessKey",
				() -> this.iam.get()
					.createAccessKey(
							(request) -> request.overrideConfiguration((config) -> config.credentialsProvider(current)))
					.accessKey());
		return new NewAccessKey(key.accessKeyId(), Secret.of(key.secretAccessKey()));
	}

	@Override
	public void verifyAccessKey(Source source, NewAccessKey key) {
		AwsCredentialsProvider candidate = staticProvider(key.accessKeyId(), key.secretAccessKey());
		Retry.decorateRunnable(this.propagation, () -> {
			try {
				this.sts.call(this.stsProperties.regionOf(source),
						StsCall.of("GetCallerIdentity", null, "the new access key of source '" + source.name() + "'"),
						(client) -> client.getCallerIdentity((request) -> request
							.overrideConfiguration((config) -> config.credentialsProvider(candidate))));
			}
			catch (UpstreamRejectedException | UpstreamUnavailableException ex) {
				throw new AwsOperationException(ex.getMessage(), ex instanceof UpstreamRejectedException);
			}
		}).run();
	}

	@Override
	public void deleteAccessKey(Source source, NewAccessKey signingKey, String accessKeyId) {
		AwsCredentialsProvider signing = staticProvider(signingKey.accessKeyId(), signingKey.secretAccessKey());
		iamCall("IAM DeleteAccessKey",
				() -> this.iam.get()
					.deleteAccessKey((request) -> request.accessKeyId(accessKeyId)
						.overrideConfiguration((config) -> config.credentialsProvider(signing))));
	}

	@Override
	public Optional<String> answeringProvider(Source source) {
		try {
			return Optional.of(this.sourceCredentials.longTermSigningFor(source)
				.resolveCredentials()
				.providerName()
				.orElse("unknown"));
		}
		catch (SdkException ex) {
			return Optional.of("none: no provider in the chain has credentials");
		}
	}

	private <T> T iamCall(String operation, java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (AwsServiceException ex) {
			String message = StsErrorClassifier.errorMessage(ex);
			throw new AwsOperationException(operation + " was refused: " + StsFailureMessages.summary(ex)
					+ ((message != null) ? ": " + message : ""), true);
		}
		catch (SdkException ex) {
			throw new AwsOperationException(operation + " failed: " + StsFailureMessages.networkCause(ex), false);
		}
	}

	private static AwsCredentialsProvider staticProvider(String accessKeyId, Secret secret) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret.reveal()));
	}

	@Override
	public void destroy() {
		this.iam.closeIfBuilt();
	}

}
