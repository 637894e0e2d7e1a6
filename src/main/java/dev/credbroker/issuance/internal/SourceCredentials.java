package dev.credbroker.issuance.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import dev.credbroker.common.StoreAvailability;
import dev.credbroker.issuance.MfaSessionRequiredException;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.source.AccessKeyIds;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceType;

/**
 * The credentials a source signs STS calls with: its static keys, the default provider
 * chain, a named profile, or, for a source with an {@code mfaSerial}, its open MFA
 * session. Chain and profile providers cache credentials themselves, so one instance is
 * kept per source version.
 */
@Component
class SourceCredentials {

	private final MfaSessions mfaSessions;

	private final Clock clock;

	private final StoreAvailability store;

	private final Map<String, VersionedProvider> providers = new ConcurrentHashMap<>();

	SourceCredentials(MfaSessions mfaSessions, Clock clock, StoreAvailability store) {
		this.mfaSessions = mfaSessions;
		this.clock = clock;
		this.store = store;
	}

	/**
	 * What signs the calls, and until when its credentials hold (for MFA sessions), or
	 * {@code null}.
	 */
	record Signing(AwsCredentialsProvider provider, Instant notAfter, boolean temporary) {
	}

	Signing signingFor(Source source) {
		if (source.hasMfaSerial()) {
			MfaSession session = currentMfaSession(source)
				.filter((candidate) -> candidate.isActiveAt(this.clock.instant()))
				.orElseThrow(() -> new MfaSessionRequiredException("Source '" + source.name() + "' needs an MFA "
						+ "session: an operator opens one with POST /admin/v1/sources/" + source.name()
						+ "/mfa-session {\"tokenCode\":\"123456\"}"));
			AwsSessionCredentials credentials = AwsSessionCredentials.create(session.accessKeyId(),
					session.secretAccessKey().reveal(), session.sessionToken().reveal());
			return new Signing(StaticCredentialsProvider.create(credentials), session.expiration(), true);
		}
		AwsCredentialsProvider provider = longTermSigningFor(source);
		return new Signing(provider, null,
				source.type() != SourceType.STATIC && resolve(source, provider) instanceof AwsSessionCredentials);
	}

	/**
	 * The source's MFA session lives only in the store (it is opened through any replica,
	 * and its keys are never kept elsewhere): during a store outage it cannot be read,
	 * and the answer says so at once instead of after the pool's timeout.
	 */
	private Optional<MfaSession> currentMfaSession(Source source) {
		if (this.store.isDown()) {
			throw storeUnreachable(source);
		}
		try {
			return this.mfaSessions.current(source.name());
		}
		catch (RuntimeException ex) {
			if (!StoreAvailability.isUnreachable(ex)) {
				throw ex;
			}
			this.store.reportUnreachable();
			throw storeUnreachable(source);
		}
	}

	private static UpstreamUnavailableException storeUnreachable(Source source) {
		return new UpstreamUnavailableException(
				"The store (database) is unreachable, and the MFA session of source '" + source.name()
						+ "' is kept only there: retry once the store is back (/actuator/health shows " + "'store')");
	}

	/**
	 * Chain and profile sources often answer with temporary credentials (instance role,
	 * SSO): STS then caps chains. A source that has no credentials at all is a
	 * configuration error, refused here with what to fix; a failure that may pass (an
	 * unreachable instance metadata service) is left to the STS call to report.
	 */
	private static AwsCredentials resolve(Source source, AwsCredentialsProvider provider) {
		try {
			return provider.resolveCredentials();
		}
		catch (SdkClientException ex) {
			if (StsErrorClassifier.isRetryable(ex)) {
				return null;
			}
			throw new UpstreamRejectedException(null, noCredentials(source, ex));
		}
	}

	/** What to fix when a profile or default-chain source has no credentials. */
	static String noCredentials(Source source, SdkClientException failure) {
		if (source.type() == SourceType.PROFILE) {
			String said = (failure.getMessage() != null) ? failure.getMessage() : "";
			if (said.contains("no credentials for profile") || said.contains("does not exist")
					|| said.contains("No profile")) {
				return "profile '" + source.profile() + "' has no credentials in the broker's AWS config files "
						+ "(~/.aws/credentials, AWS_SHARED_CREDENTIALS_FILE): add them or use a static source";
			}
			// Other profile failures (an expired SSO session, a bad role_arn): the SDK's
			// own words, without its dump of the profile file.
			int dump = said.indexOf(": ProfileFile(");
			return "profile '" + source.profile() + "' in the broker's AWS config files gives no credentials ("
					+ AccessKeyIds.maskWithin((dump >= 0) ? said.substring(0, dump) : said)
					+ "): fix the profile or use a static source";
		}
		return "source '" + source.name() + "' uses the broker's default credential chain, which found no "
				+ "credentials (environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the 'default' "
				+ "profile of ~/.aws, web identity, container or EC2 instance credentials): give the broker's "
				+ "environment credentials or use a static source";
	}

	/**
	 * The source's own credentials, ignoring any MFA session (GetSessionToken and IAM
	 * calls need them).
	 */
	AwsCredentialsProvider longTermSigningFor(Source source) {
		return switch (source.type()) {
			case STATIC -> StaticCredentialsProvider
				.create(AwsBasicCredentials.create(source.accessKeyId(), source.secretAccessKey().reveal()));
			case DEFAULT_CHAIN, PROFILE -> cachedProvider(source);
		};
	}

	private AwsCredentialsProvider cachedProvider(Source source) {
		VersionedProvider current = this.providers.compute(source.name(), (name, existing) -> {
			if (existing != null && existing.version() == source.version()) {
				return existing;
			}
			if (existing != null) {
				existing.close();
			}
			return new VersionedProvider(source.version(), newProvider(source));
		});
		return current.provider();
	}

	private static AwsCredentialsProvider newProvider(Source source) {
		return switch (source.type()) {
			case PROFILE -> ProfileCredentialsProvider.builder().profileName(source.profile()).build();
			default -> DefaultCredentialsProvider.builder().build();
		};
	}

	void forget(String sourceName) {
		VersionedProvider removed = this.providers.remove(sourceName);
		if (removed != null) {
			removed.close();
		}
	}

	private record VersionedProvider(long version, AwsCredentialsProvider provider) {

		void close() {
			if (this.provider instanceof SdkAutoCloseable closeable) {
				closeable.close();
			}
		}

	}

}
