package dev.credbroker.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Reads AWS error codes from moto's answers.
 *
 * <p>
 * moto 5.2.1 answers its auth failures (InvalidClientTokenId, SignatureDoesNotMatch,
 * AccessDenied from IAM policy evaluation) in the EC2 shape
 * {@code <ErrorResponse><Errors><Error><Code>...}, which the Java SDK's query-protocol
 * parser does not understand: {@code awsErrorDetails().errorCode()} is null and only the
 * HTTP status (403) is set. Real STS uses {@code <ErrorResponse><Error>...}. Errors from
 * the action itself (e.g. NoSuchEntity) are in the proper shape.
 * {@link StsProxy#normalizeMotoErrors(boolean)} can rewrite the auth errors on the wire.
 */
public final class MotoErrors {

	private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");

	private MotoErrors() {
	}

	/**
	 * The SDK's error code, or else the {@code <Code>} found in the raw response body, or
	 * null.
	 */
	public static String code(AwsServiceException e) {
		if (e.awsErrorDetails() == null) {
			return null;
		}
		if (e.awsErrorDetails().errorCode() != null) {
			return e.awsErrorDetails().errorCode();
		}
		if (e.awsErrorDetails().rawResponse() == null) {
			return null;
		}
		Matcher matcher = CODE.matcher(e.awsErrorDetails().rawResponse().asUtf8String());
		return matcher.find() ? matcher.group(1) : null;
	}

}
