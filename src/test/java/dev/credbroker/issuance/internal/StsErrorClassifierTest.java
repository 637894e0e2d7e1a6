package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

class StsErrorClassifierTest {

	@ParameterizedTest
	@ValueSource(strings = { "Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled",
			"TooManyRequestsException", "PriorRequestNotComplete" })
	void throttlingIsRetryable(String code) {
		StsException throttled = sts(400, code);
		assertThat(StsErrorClassifier.isRetryable(throttled)).isTrue();
		assertThat(StsErrorClassifier.isThrottling(throttled)).isTrue();
		assertThat(StsErrorClassifier.isRetryable(sts(429, code))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504 })
	void serverErrorsAreRetryableWithAnyOrNoCode(int status) {
		assertThat(StsErrorClassifier.isRetryable(sts(status, "InternalFailure"))).isTrue();
		assertThat(StsErrorClassifier.isRetryable(sts(status, null))).isTrue();
		assertThat(StsErrorClassifier.isRetryable(StsException.builder().statusCode(status).build())).isTrue();
		assertThat(StsErrorClassifier.isThrottling(sts(status, "InternalFailure"))).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "400, RequestTimeout", "408, RequestTimeout", "400, IDPCommunicationError" })
	void transientCodesAreRetryable(int status, String code) {
		assertThat(StsErrorClassifier.isRetryable(sts(status, code))).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "403, AccessDenied", "400, ValidationError", "400, MalformedPolicyDocument",
			"400, PackedPolicyTooLarge", "403, RegionDisabledException", "400, ExpiredToken",
			"403, InvalidClientTokenId", "403, SignatureDoesNotMatch", "400, IDPRejectedClaim",
			"400, InvalidIdentityToken", "404, NoSuchEntity" })
	void refusalsAreNotRetryable(int status, String code) {
		StsException refused = sts(status, code);
		assertThat(StsErrorClassifier.isRetryable(refused)).isFalse();
		assertThat(StsErrorClassifier.isThrottling(refused)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 409, 413, 501 })
	void otherStatusesWithoutACodeAreNotRetryable(int status) {
		assertThat(StsErrorClassifier.isRetryable(sts(status, null))).isFalse();
	}

	@org.junit.jupiter.api.Test
	void ioFailuresAndTimeoutsAreRetryable() {
		assertThat(StsErrorClassifier.isRetryable(clientError(new ConnectException("Connection refused")))).isTrue();
		assertThat(StsErrorClassifier.isRetryable(clientError(new SocketTimeoutException("Read timed out")))).isTrue();
		assertThat(StsErrorClassifier
			.isRetryable(clientError(new UncheckedIOException(new IOException("Connection reset"))))).isTrue();
		assertThat(StsErrorClassifier.isRetryable(ApiCallAttemptTimeoutException.create(3000))).isTrue();
		assertThat(StsErrorClassifier.isRetryable(ApiCallTimeoutException.create(3000))).isTrue();
	}

	@org.junit.jupiter.api.Test
	void clientErrorsWithoutIoAndForeignExceptionsAreNotRetryable() {
		assertThat(StsErrorClassifier.isRetryable(SdkClientException.create("Unable to load credentials"))).isFalse();
		assertThat(StsErrorClassifier.isRetryable(clientError(new IllegalArgumentException("bad region")))).isFalse();
		assertThat(StsErrorClassifier.isRetryable(new IOException("not from the SDK"))).isFalse();
		assertThat(StsErrorClassifier.isRetryable(new IllegalStateException())).isFalse();
		assertThat(StsErrorClassifier.isRetryable(null)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void aCodeTheSdkCouldNotParseIsReadFromTheRawBody() {
		StsException ec2Shaped = raw(400, "<ErrorResponse><Errors><Error><Code>Throttling</Code>"
				+ "<Message>Rate exceeded for AKIAIOSFODNN7EXAMPLE</Message></Error></Errors></ErrorResponse>");

		assertThat(StsErrorClassifier.errorCode(ec2Shaped)).isEqualTo("Throttling");
		assertThat(StsErrorClassifier.errorMessage(ec2Shaped)).isEqualTo("Rate exceeded for AKIA…MPLE");
		assertThat(StsErrorClassifier.isThrottling(ec2Shaped)).isTrue();
		assertThat(StsErrorClassifier.isRetryable(ec2Shaped)).isTrue();
	}

	@org.junit.jupiter.api.Test
	void aBodyWithoutCodeOrMessageGivesNone() {
		StsException page = raw(403, "<html><body>Forbidden by the proxy</body></html>");

		assertThat(StsErrorClassifier.errorCode(page)).isNull();
		assertThat(StsErrorClassifier.errorMessage(page)).isNull();
		assertThat(StsErrorClassifier.errorCode(StsException.builder().statusCode(403).build())).isNull();
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

	private static SdkClientException clientError(Throwable cause) {
		return SdkClientException.builder().message("Unable to execute HTTP request").cause(cause).build();
	}

}
