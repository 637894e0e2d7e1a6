package dev.credbroker.issuance.internal;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.credbroker.source.AccessKeyIds;

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

	private static final Pattern CODE = Pattern.compile("<Code>\\s*([^<]+?)\\s*</Code>");

	private static final Pattern MESSAGE = Pattern.compile("<Message>(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</Message>",
			Pattern.DOTALL);

	/** An error body is short; a proxy's HTML page need not be searched whole. */
	private static final int RAW_BODY_MAX = 8192;

	private StsErrorClassifier() {
	}

	static boolean isRetryable(Throwable failure) {
		if (failure instanceof AwsServiceException service) {
			String code = errorCode(service);
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
		if (failure instanceof AwsServiceException service) {
			String code = errorCode(service);
			return code != null && THROTTLING_CODES.contains(code);
		}
		return false;
	}

	/**
	 * The error code of an AWS answer: the SDK's, else the {@code <Code>} of the raw body
	 * (an error shape the SDK does not parse, such as EC2's
	 * {@code <Errors><Error><Code>}), else {@code null}.
	 */
	static String errorCode(AwsServiceException failure) {
		AwsErrorDetails details = failure.awsErrorDetails();
		if (details == null) {
			return null;
		}
		return (details.errorCode() != null) ? details.errorCode() : fromRawBody(details, CODE);
	}

	/**
	 * The error message of an AWS answer, found like {@link #errorCode}, with every
	 * access key id in it masked; {@code null} if there is none.
	 */
	static String errorMessage(AwsServiceException failure) {
		AwsErrorDetails details = failure.awsErrorDetails();
		if (details == null) {
			return null;
		}
		String message = (details.errorMessage() != null) ? details.errorMessage() : fromRawBody(details, MESSAGE);
		return (message != null && !message.isBlank()) ? AccessKeyIds.maskWithin(message.strip()) : null;
	}

	private static String fromRawBody(AwsErrorDetails details, Pattern element) {
		SdkBytes body = details.rawResponse();
		if (body == null) {
			return null;
		}
		String text = body.asUtf8String();
		Matcher matcher = element.matcher((text.length() > RAW_BODY_MAX) ? text.substring(0, RAW_BODY_MAX) : text);
		return matcher.find() ? matcher.group(1).strip() : null;
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
