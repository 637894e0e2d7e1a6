package dev.credbroker.testsupport;

import java.util.List;
import java.util.Map;

/**
 * Valid admin API bodies for each source and recipe type, to be used as they are or
 * varied with {@code with}.
 */
public final class AdminBodies {

	/** Masks to {@code AKIA…WXYZ}. */
	public static final String ACCESS_KEY_ID = "AKIAABCDEFGHIJKLWXYZ";

	public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

	public static final String MASKED_ACCESS_KEY_ID = "AKIA…WXYZ";

	public static final String MFA_SERIAL = "arn:aws:iam::123456789012:mfa/ops";

	public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/app";

	public static final String POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

	public static final Map<String, Object> SESSION_POLICY = Map.of("Version", "2012-10-17", "Statement",
			List.of(Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*")));

	private AdminBodies() {
	}

	/** A static source without MFA: the only kind every recipe type accepts. */
	public static JsonBody staticSource() {
		return JsonBody.of("type", "static", "accessKeyId", ACCESS_KEY_ID, "secretAccessKey", SECRET_ACCESS_KEY);
	}

	public static JsonBody staticSourceWithMfa() {
		return staticSource().with("mfaSerial", MFA_SERIAL).with("region", "eu-west-1");
	}

	public static JsonBody defaultChainSource() {
		return JsonBody.of("type", "default-chain");
	}

	public static JsonBody profileSource(String profile) {
		return JsonBody.of("type", "profile", "profile", profile);
	}

	public static JsonBody assumeRole(String source) {
		return JsonBody.of("source", source, "type", "assume-role", "roleArn", ROLE_ARN, "durationSeconds", 3600);
	}

	public static JsonBody sessionToken(String source) {
		return JsonBody.of("source", source, "type", "session-token", "durationSeconds", 3600);
	}

	public static JsonBody federationToken(String source) {
		return JsonBody.of("source", source, "type", "federation-token", "sessionPolicy", SESSION_POLICY,
				"durationSeconds", 3600);
	}

}
