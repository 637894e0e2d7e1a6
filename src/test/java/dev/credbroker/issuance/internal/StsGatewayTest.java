package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

import dev.credbroker.issuance.StsProperties;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;

/** Retry and translation around one STS call, with the call scripted (no network). */
class StsGatewayTest {

	static final StsProperties PROPERTIES = new StsProperties("us-east-1", null, Duration.ofSeconds(1),
			Duration.ofSeconds(3), 4, new StsProperties.Retry(4, Duration.ofMillis(1), 2.0, Duration.ofMillis(4)),
			new StsProperties.CircuitBreaker(50, 1000, 1000, Duration.ofSeconds(10)),
			new StsProperties.RateLimit(1000, Duration.ofSeconds(1)));

	private final StsGateway gateway = new StsGateway(PROPERTIES, new SimpleMeterRegistry());

	private final AtomicInteger attempts = new AtomicInteger();

	@AfterEach
	void close() {
		this.gateway.destroy();
	}

	@Test
	void refusalsNeitherCloseAHalfOpenBreakerNorCountTowardOpeningIt() {
		CircuitBreaker breaker = this.gateway.circuitBreaker("us-east-1");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();

		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
				throw sts(403, "AccessDenied");
			})).isInstanceOf(UpstreamRejectedException.class);
		}

		assertThat(breaker.getState()).as("two AccessDenied say nothing about STS's health")
			.isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void eachRegionHasItsOwnBreaker() {
		this.gateway.circuitBreaker("eu-west-1").transitionToOpenState();

		assertThatThrownBy(() -> this.gateway.call("eu-west-1", StsCall.assumeRole("main", "r"), (client) -> "issued"))
			.isInstanceOf(UpstreamUnavailableException.class)
			.hasMessageContaining("eu-west-1", "circuit breaker open");
		String issued = this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> "issued");
		assertThat(issued).as("another region").isEqualTo("issued");
		assertThat(this.gateway.circuitBreakers()).containsOnlyKeys("us-east-1", "eu-west-1");
	}

	@Test
	void transientFailuresAreRetriedUntilSuccess() {
		String answer = this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
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
		assertThatThrownBy(() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
			this.attempts.incrementAndGet();
			throw SdkClientException.builder().cause(new ConnectException("Connection refused")).build();
		})).isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("after 4 attempts");
		assertThat(this.attempts).hasValue(4);
	}

	@Test
	void refusalsAreTriedOnceAndNamed() {
		assertThatThrownBy(
				() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "arn:aws:iam::1:role/x"), (client) -> {
					this.attempts.incrementAndGet();
					throw sts(403, "AccessDenied");
				}))
			.isInstanceOfSatisfying(UpstreamRejectedException.class,
					(ex) -> assertThat(ex.stsErrorCode()).isEqualTo("AccessDenied"))
			.hasMessageContaining("AccessDenied")
			.hasMessageContaining("arn:aws:iam::1:role/x");
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void aRefusalWithoutAnErrorCodeIsStillARefusal() {
		assertThatThrownBy(() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
			this.attempts.incrementAndGet();
			throw sts(403, null);
		})).isInstanceOf(UpstreamRejectedException.class)
			.hasMessageContaining("HTTP 403 with no error code")
			.hasMessageNotContaining("null");
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void anErrorShapeTheSdkCannotParseIsReadFromTheRawBody() {
		// moto answers auth failures in EC2's shape; the SDK then has no code.
		StsException unparsed = raw(403,
				"<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>"
						+ "<Message><![CDATA[The security token included in the request is invalid.]]></Message>"
						+ "</Error></Errors><RequestId>r</RequestId></ErrorResponse>");

		assertThatThrownBy(
				() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "arn:aws:iam::1:role/x"), (client) -> {
					throw unparsed;
				}))
			.isInstanceOfSatisfying(UpstreamRejectedException.class,
					(ex) -> assertThat(ex.stsErrorCode()).isEqualTo("InvalidClientTokenId"))
			.hasMessageStartingWith("STS does not accept source 'main''s keys (InvalidClientTokenId): the access key "
					+ "id is wrong, deleted or inactive; fix the source with PUT /admin/v1/sources/main.")
			.hasMessageContaining("The security token included in the request is invalid.")
			.hasMessageNotContaining("null");
	}

	@Test
	void wrongSourceKeysReadDifferentlyFromARoleThatDoesNotTrustTheSource() {
		assertThatThrownBy(
				() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "arn:aws:iam::1:role/x"), (client) -> {
					throw sts(403, "SignatureDoesNotMatch");
				}))
			.hasMessageStartingWith("STS does not accept source 'main''s keys (SignatureDoesNotMatch): the secret "
					+ "access key does not belong to the access key id; fix the source with PUT /admin/v1/sources/main");
		assertThatThrownBy(
				() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "arn:aws:iam::1:role/x"), (client) -> {
					throw sts(403, "AccessDenied");
				}))
			.hasMessageStartingWith("Role arn:aws:iam::1:role/x does not trust source 'main' (AccessDenied): add the "
					+ "source's IAM user ARN to the role's trust policy");
	}

	@Test
	void accessKeyIdsInUpstreamMessagesAreMasked() {
		StsException refused = (StsException) StsException.builder()
			.statusCode(403)
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode("AccessDenied")
				.errorMessage("Key AKIAIOSFODNN7EXAMPLE and session ASIAIOSFODNN7EXAMPLF may not do this")
				.build())
			.build();

		assertThatThrownBy(() -> this.gateway.call("us-east-1", StsCall.of("GetSessionToken", "main", "MFA device d"),
				(client) -> {
					throw refused;
				}))
			.hasMessageContaining("Key AKIA…MPLE and session ASIA…MPLF may not do this")
			.hasMessageNotContaining("AKIAIOSFODNN7EXAMPLE")
			.hasMessageNotContaining("ASIAIOSFODNN7EXAMPLF");
	}

	@Test
	void anUnreachableStsIsNamedWithTheCause() {
		assertThatThrownBy(() -> this.gateway.call("eu-west-1", StsCall.assumeRole("main", "r"), (client) -> {
			throw SdkClientException.builder()
				.message("Unable to execute HTTP request: Connect to sts.eu-west-1.amazonaws.com:443 failed")
				.cause(new ConnectException("Connection refused"))
				.build();
		})).isInstanceOf(UpstreamUnavailableException.class)
			.hasMessageStartingWith("STS at https://sts.eu-west-1.amazonaws.com is unreachable: connection refused; "
					+ "check credbroker.sts.endpoint and the network");
	}

	@Test
	void aNetworkFailureIsRememberedUntilAnAttemptSucceeds() {
		assertThat(this.gateway.recentNetworkFailure()).isEmpty();
		assertThatThrownBy(() -> this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> {
			throw SdkClientException.builder().cause(new ConnectException("Connection refused")).build();
		})).isInstanceOf(UpstreamUnavailableException.class);
		assertThat(this.gateway.recentNetworkFailure()).hasValueSatisfying((message) -> assertThat(message)
			.startsWith("STS at https://sts.us-east-1.amazonaws.com is unreachable: connection refused"));

		this.gateway.call("us-east-1", StsCall.assumeRole("main", "r"), (client) -> "issued");
		assertThat(this.gateway.recentNetworkFailure()).isEmpty();
	}

	@Test
	void networkCausesAreNamed() {
		assertThat(StsFailureMessages.networkCause(clientError(new UnknownHostException("sts.example"))))
			.isEqualTo("unknown host (sts.example)");
		assertThat(StsFailureMessages.networkCause(clientError(new SSLHandshakeException("PKIX path building failed"))))
			.isEqualTo("TLS handshake failed (PKIX path building failed)");
		assertThat(StsFailureMessages.networkCause(clientError(new SocketTimeoutException("Read timed out"))))
			.startsWith("no answer in time");
		assertThat(StsFailureMessages.networkCause(clientError(new SocketTimeoutException("connect timed out"))))
			.startsWith("connection timed out");
		assertThat(StsFailureMessages.networkCause(ApiCallAttemptTimeoutException.create(3000)))
			.startsWith("no answer in time");
	}

	private static SdkClientException clientError(Throwable cause) {
		return SdkClientException.builder().message("Unable to execute HTTP request").cause(cause).build();
	}

	private static StsException raw(int status, String body) {
		return (StsException) StsException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().rawResponse(SdkBytes.fromUtf8String(body)).build())
			.build();
	}

	private static StsException sts(int status, String code) {
		return (StsException) StsException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("scripted").build())
			.build();
	}

}
