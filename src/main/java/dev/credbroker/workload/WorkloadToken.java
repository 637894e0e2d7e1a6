package dev.credbroker.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import dev.credbroker.crypto.Secret;

/**
 * Workload tokens: {@code cbw_} followed by 256 random bits in unpadded base64url, safe
 * in an HTTP header and a file. Only their SHA-256 is stored.
 */
public final class WorkloadToken {

	public static final String PREFIX = "cbw_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private WorkloadToken() {
	}

	public static Secret generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Secret.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/** Lower-case hex SHA-256 of the token as sent. */
	public static String hash(String token) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
