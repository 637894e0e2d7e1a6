package dev.credbroker.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.credbroker.crypto.Secret;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.crypto.SecretUnsealException;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value; stored as
 * {@code v1:base64(nonce || ciphertext || tag)}.
 */
class AesGcmSecretSealer implements SecretSealer {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	AesGcmSecretSealer(SecretKey key) {
		this.key = key;
	}

	@Override
	public String seal(Secret secret, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
			byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
			ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
			return PREFIX + Base64.getEncoder().encodeToString(out.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	}

	@Override
	public Secret open(String sealed, String context) {
		if (sealed == null || !sealed.startsWith(PREFIX)) {
			throw new SecretUnsealException("Sealed value for " + context + " has an unknown format");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new SecretUnsealException("Sealed value for " + context + " is not valid base64");
		}
		if (bytes.length <= NONCE_BYTES) {
			throw new SecretUnsealException("Sealed value for " + context + " is truncated");
		}
		try {
			byte[] nonce = java.util.Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
			byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
			return Secret.of(new String(plain, StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new SecretUnsealException("Sealed value for " + context
					+ " does not open with the configured master key (wrong key, or the value was altered)");
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}
