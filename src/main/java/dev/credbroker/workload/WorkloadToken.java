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

	/**
	 * One digest per thread: the container endpoint hashes the token of every request,
	 * and {@code MessageDigest.getInstance} looks the provider up and instantiates each
	 * time.
	 */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(WorkloadToken::newSha256);

	private static final HexFormat HEX = HexFormat.of();

	private WorkloadToken() {
	}

	public static Secret generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Secret.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/** Lower-case hex SHA-256 of the token as sent. */
	public static String hash(String token) {
		// digest() resets the digest for the thread's next use
		return HEX.formatHex(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Lower-case hex SHA-256 of a token's bytes as they arrived (the same as
	 * {@link #hash(String)} for an ASCII token, as every valid one is).
	 */
	public static String hash(byte[] bytes, int offset, int length) {
		MessageDigest digest = SHA_256.get();
		digest.update(bytes, offset, length);
		return HEX.formatHex(digest.digest());
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
