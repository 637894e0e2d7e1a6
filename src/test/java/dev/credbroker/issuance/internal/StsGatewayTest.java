package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

import dev.credbroker.issuance.StsProperties;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;

/** Retry and translation around one STS call, with the call scripted (no network). */
class StsGatewayTest {

	private final StsGateway gateway = new StsGateway(new StsProperties("us-east-1", null, Duration.ofSeconds(1),
			Duration.ofSeconds(3), 4, new StsProperties.Retry(4, Duration.ofMillis(1), 2.0, Duration.ofMillis(4)),
			new StsProperties.CircuitBreaker(50, 1000, 1000, Duration.ofSeconds(10)),
			new StsProperties.RateLimit(1000, Duration.ofSeconds(1))), new SimpleMeterRegistry());

	private final AtomicInteger attempts = new AtomicInteger();

	@AfterEach
	void close() {
		this.gateway.destroy();
	}

	@Test
	void transientFailuresAreRetriedUntilSuccess() {
		String answer = this.gateway.call("us-east-1", "AssumeRole", "role r", (client) -> {
			if (this.attempts.incrementAndGet() < 3) {
				throw sts(500, "InternalFailure");
			}
			return "issued";
		});

		assertThat(answer).isEqualTo("issued");
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void persistentTransientFailuresBecomeUnavailableAfterMaxAttempts() {
		assertThatThrownBy(() -> this.gateway.call("us-east-1", "AssumeRole", "role r", (client) -> {
			this.attempts.incrementAndGet();
			throw SdkClientException.builder().cause(new ConnectException("Connection refused")).build();
		})).isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("after 4 attempts");
		assertThat(this.attempts).hasValue(4);
	}

	@Test
	void refusalsAreTriedOnceAndNamed() {
		assertThatThrownBy(
				() -> this.gateway.call("us-east-1", "AssumeRole", "role arn:aws:iam::1:role/x", (client) -> {
					this.attempts.incrementAndGet();
					throw sts(403, "AccessDenied");
				}))
			.isInstanceOfSatisfying(UpstreamRejectedException.class,
					(ex) -> assertThat(ex.stsErrorCode()).isEqualTo("AccessDenied"))
			.hasMessageContaining("AccessDenied")
			.hasMessageContaining("role arn:aws:iam::1:role/x");
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void aRefusalWithoutAnErrorCodeIsStillARefusal() {
		assertThatThrownBy(() -> this.gateway.call("us-east-1", "AssumeRole", "role r", (client) -> {
			this.attempts.incrementAndGet();
			throw sts(403, null);
		})).isInstanceOf(UpstreamRejectedException.class).hasMessageContaining("HTTP 403");
		assertThat(this.attempts).hasValue(1);
	}

	private static StsException sts(int status, String code) {
		return (StsException) StsException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("scripted").build())
			.build();
	}

}
