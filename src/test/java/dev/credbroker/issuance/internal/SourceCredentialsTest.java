package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceType;

/** A profile or default-chain source without credentials: a configuration error. */
class SourceCredentialsTest {

	private final SourceCredentials credentials = new SourceCredentials(null, Clock.systemUTC(),
			new dev.credbroker.common.StoreAvailability());

	@Test
	void aProfileWithoutCredentialsIsRefusedWithWhatToFix() {
		assertThatThrownBy(() -> this.credentials.signingFor(profile("credbroker-test-absent")))
			.isInstanceOf(UpstreamRejectedException.class)
			.hasMessage("profile 'credbroker-test-absent' has no credentials in the broker's AWS config files "
					+ "(~/.aws/credentials, AWS_SHARED_CREDENTIALS_FILE): add them or use a static source");
	}

	@Test
	void otherProfileFailuresKeepTheSdkReasonWithoutTheProfileFileDumpOrKeyIds() {
		SdkClientException expired = SdkClientException.create("Token for AKIAIOSFODNN7EXAMPLE has expired: "
				+ "ProfileFile(sections=[profiles], profiles=[Profile(name=ops, properties=[sso_session])])");

		assertThat(SourceCredentials.noCredentials(profile("ops"), expired))
			.isEqualTo("profile 'ops' in the broker's AWS config files gives no credentials (Token for AKIA…MPLE "
					+ "has expired): fix the profile or use a static source");
	}

	@Test
	void aDefaultChainWithoutCredentialsNamesWhereItLooked() {
		Source chain = new Source("env", SourceType.DEFAULT_CHAIN, null, null, null, null, null, 1, Instant.EPOCH,
				Instant.EPOCH);

		assertThat(SourceCredentials.noCredentials(chain,
				SdkClientException.create("Unable to load credentials from any of the providers in the chain")))
			.startsWith("source 'env' uses the broker's default credential chain, which found no credentials")
			.contains("AWS_ACCESS_KEY_ID", "use a static source")
			.doesNotContain("Unable to load");
	}

	private static Source profile(String name) {
		return new Source("ops", SourceType.PROFILE, null, null, name, null, null, 1, Instant.EPOCH, Instant.EPOCH);
	}

}
