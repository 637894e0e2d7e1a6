package dev.credbroker.issuance.internal;

import java.io.IOException;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which STS failures are worth another attempt: throttling, 5xx, timeouts and I/O errors.
 * Every other 4xx (AccessDenied, ValidationError, MalformedPolicyDocument,
 * ExpiredToken...) would fail the same way again.
 */
final class StsErrorClassifier {

	static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
			"RequestThrottled", "TooManyRequestsException", "PriorRequestNotComplete");

	static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "IDPCommunicationError");

	static final Set<Integer> TRANSIENT_STATUSES = Set.of(500, 502, 503, 504);

	private StsErrorClassifier() {
	}

	static boolean isRetryable(Throwable failure) {
		if (failure instanceof AwsServiceException service) {
			String code = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : null;
			return (code != null && (THROTTLING_CODES.contains(code) || TRANSIENT_CODES.contains(code)))
					|| TRANSIENT_STATUSES.contains(service.statusCode());
		}
		if (failure instanceof ApiCallAttemptTimeoutException || failure instanceof ApiCallTimeoutException) {
			return true;
		}
		if (failure instanceof SdkClientException) {
			return hasIoCause(failure);
		}
		return false;
	}

	static boolean isThrottling(Throwable failure) {
		return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorCode() != null
				&& THROTTLING_CODES.contains(service.awsErrorDetails().errorCode());
	}

	private static boolean hasIoCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

}
