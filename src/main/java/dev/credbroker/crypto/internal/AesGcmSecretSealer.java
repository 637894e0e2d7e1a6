package dev.credbroker.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.credbroker.crypto.Secret;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.crypto.SecretUnsealException;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value; stored as
 * {@code v1:base64(nonce || ciphertext || tag)}. Seals under the current key; opens with
 * the current key, then each previous key in turn: GCM's authentication tag tells which
 * one sealed a value, so the stored form needs no key id.
 */
class AesGcmSecretSealer implements SecretSealer {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final List<SecretKey> previousKeys;

	private final SecureRandom random = new SecureRandom();

	AesGcmSecretSealer(SecretKey key) {
		this(key, List.of());
	}

	AesGcmSecretSealer(SecretKey key, List<SecretKey> previousKeys) {
		this.key = key;
		this.previousKeys = List.copyOf(previousKeys);
	}

	@Override
	public String seal(Secret secret, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.key, nonce, context);
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
		byte[] nonce = Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
		Secret opened = open(this.key, bytes, nonce, context);
		for (int i = 0; opened == null && i < this.previousKeys.size(); i++) {
			opened = open(this.previousKeys.get(i), bytes, nonce, context);
		}
		if (opened == null) {
			throw new SecretUnsealException("Sealed value for " + context + " does not open with the configured "
					+ "master key or a previous one (wrong key, or the value was altered)");
		}
		return opened;
	}

	/** The secret, or {@code null} when this key did not seal it (or it was altered). */
	private static Secret open(SecretKey key, byte[] bytes, byte[] nonce, String context) {
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, context);
			byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
			return Secret.of(new String(plain, StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}
