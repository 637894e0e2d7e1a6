package dev.credbroker.issuance.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

import javax.net.ssl.SSLException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

import dev.credbroker.source.AccessKeyIds;

/**
 * The one place that words STS failures for operators: what went wrong, in AWS's terms
 * (the error code), and what to fix. Text from AWS passes through
 * {@link StsErrorClassifier#errorMessage} (access key ids masked); SDK internals never
 * reach a message. Never prints {@code null}.
 */
final class StsFailureMessages {

	/** Codes that mean STS does not accept the signing keys themselves. */
	static final Set<String> KEY_CODES = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
			"UnrecognizedClientException");

	private StsFailureMessages() {
	}

	/** STS refused the call: retrying will not help. */
	static String rejected(StsCall call, AwsServiceException failure) {
		String code = StsErrorClassifier.errorCode(failure);
		String message = StsErrorClassifier.errorMessage(failure);
		String said = (message != null) ? " STS said: " + message : "";
		if (code != null && KEY_CODES.contains(code) && call.source() != null) {
			return "STS does not accept source '" + call.source() + "''s keys (" + code + "): " + keyProblem(code)
					+ "; fix the source with PUT /admin/v1/sources/" + call.source() + ". It refused "
					+ call.operation() + " for " + call.subject() + "." + said;
		}
		if (code != null && KEY_CODES.contains(code)) {
			return "STS does not accept " + call.subject() + " (" + code + "): " + keyProblem(code) + "." + said;
		}
		if (call.roleArn() != null && call.source() != null
				&& ("AccessDenied".equals(code) || "AccessDeniedException".equals(code))) {
			return "Role " + call.roleArn() + " does not trust source '" + call.source() + "' (" + code
					+ "): add the source's IAM user ARN to the role's trust policy, and let that user call "
					+ "sts:AssumeRole on the role (and sts:TagSession / sts:SetSourceIdentity when the recipe sets "
					+ "tags or a source identity)." + said;
		}
		String what = (code != null) ? code + " (HTTP " + failure.statusCode() + ")"
				: "HTTP " + failure.statusCode() + " with no error code";
		return "STS refused " + call.described() + ": " + what + ((message != null) ? ": " + message : "") + ". "
				+ RejectionAdvice.forCode(code);
	}

	/**
	 * STS could not be reached or kept failing after every attempt; a later retry may
	 * succeed.
	 */
	static String unavailable(StsCall call, URI endpoint, Throwable failure, int attempts) {
		if (failure instanceof AwsServiceException service) {
			String message = StsErrorClassifier.errorMessage(service);
			return "STS " + call.described() + " failed after " + attempts + " attempts: " + summary(service)
					+ ((message != null) ? ": " + message : "") + "; retry shortly";
		}
		return unreachable(endpoint, failure) + " (" + call.described() + " failed after " + attempts + " attempts)";
	}

	/**
	 * "STS at http://127.0.0.1:1234 is unreachable: connection refused; check
	 * credbroker.sts.endpoint and the network".
	 */
	static String unreachable(URI endpoint, Throwable failure) {
		return "STS at " + endpoint + " is unreachable: " + networkCause(failure)
				+ "; check credbroker.sts.endpoint and the network";
	}

	/**
	 * A failure in a few words, for log lines: "Throttling (HTTP 400)", "HTTP 403",
	 * "connection refused".
	 */
	static String summary(Throwable failure) {
		if (failure instanceof AwsServiceException service) {
			String code = StsErrorClassifier.errorCode(service);
			return (code != null) ? code + " (HTTP " + service.statusCode() + ")" : "HTTP " + service.statusCode();
		}
		return (failure != null) ? networkCause(failure) : "unknown failure";
	}

	/**
	 * Why the network call failed, from the innermost cause that says: "connection
	 * refused", "unknown host sts.example", "TLS handshake failed (...)", "no answer
	 * within 3000 ms".
	 */
	static String networkCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownHostException) {
				return "unknown host" + detail(cause);
			}
			if (cause instanceof NoRouteToHostException) {
				return "no route to host";
			}
			if (cause instanceof ConnectException) {
				return isRefusal(cause) ? "connection refused" : "cannot connect" + detail(cause);
			}
			if (cause instanceof SSLException) {
				return "TLS handshake failed" + detail(cause);
			}
			if (cause instanceof SocketTimeoutException && !isConnectTimeout(cause)) {
				return "no answer in time (read timed out; credbroker.sts.attempt-timeout)";
			}
			if (cause instanceof InterruptedIOException && isConnectTimeout(cause)) {
				return "connection timed out (credbroker.sts.connect-timeout)";
			}
			if (cause instanceof ApiCallAttemptTimeoutException || cause instanceof ApiCallTimeoutException) {
				return "no answer in time (credbroker.sts.attempt-timeout)";
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return cause.getClass().getSimpleName() + detail(cause);
			}
		}
		return (failure != null) ? failure.getClass().getSimpleName() : "unknown failure";
	}

	private static String keyProblem(String code) {
		return switch (code) {
			case "SignatureDoesNotMatch" -> "the secret access key does not belong to the access key id";
			default -> "the access key id is wrong, deleted or inactive";
		};
	}

	private static boolean isRefusal(Throwable cause) {
		return cause.getMessage() != null && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused");
	}

	private static boolean isConnectTimeout(Throwable cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage().toLowerCase(java.util.Locale.ROOT) : "";
		return cause.getClass().getSimpleName().equals("ConnectTimeoutException") || message.contains("connect timed");
	}

	private static String detail(Throwable cause) {
		return (cause.getMessage() != null && !cause.getMessage().isBlank())
				? " (" + AccessKeyIds.maskWithin(cause.getMessage()) + ")" : "";
	}

}
