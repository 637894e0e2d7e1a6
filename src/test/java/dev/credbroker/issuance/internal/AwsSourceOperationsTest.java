package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

import dev.credbroker.crypto.Secret;
import dev.credbroker.issuance.IamProperties;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.source.MfaCodeRejectedException;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceAws.AwsOperationException;
import dev.credbroker.source.SourceType;

/** How an STS refusal of GetSessionToken is told apart: the MFA code or the source. */
class AwsSourceOperationsTest {

	private static final Source SOURCE = new Source("main", SourceType.STATIC, "AKIAIOSFODNN7EXAMPLE",
			Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), null, "arn:aws:iam::123456789012:mfa/ops", null, 1,
			Instant.EPOCH, Instant.EPOCH);

	@Test
	void aRefusalOfTheCodeIsAnMfaCodeRejection() {
		assertThatThrownBy(() -> refusing("AccessDenied").openMfaSession(SOURCE, "123456", 3600))
			.isInstanceOf(MfaCodeRejectedException.class);
	}

	@Test
	void aRefusalOfTheSourceKeysOrOneWithoutACodeIsNotBlamedOnTheCode() {
		assertThatThrownBy(() -> refusing("InvalidClientTokenId").openMfaSession(SOURCE, "123456", 3600))
			.isInstanceOf(AwsOperationException.class);
		assertThatThrownBy(() -> refusing(null).openMfaSession(SOURCE, "123456", 3600))
			.isInstanceOf(AwsOperationException.class);
	}

	private static AwsSourceOperations refusing(String code) {
		StsGateway sts = new StsGateway(StsGatewayTest.PROPERTIES, new SimpleMeterRegistry()) {
			@Override
			<T> T call(String region, StsCall what, Function<StsClient, T> call) {
				throw new UpstreamRejectedException(code, "refused");
			}
		};
		return new AwsSourceOperations(sts,
				new SourceCredentials(null, Clock.systemUTC(), new dev.credbroker.common.StoreAvailability()),
				StsGatewayTest.PROPERTIES, new IamProperties(null));
	}

}
