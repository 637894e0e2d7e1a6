package dev.credbroker.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.credbroker.crypto.Secret;
import dev.credbroker.crypto.SecretUnsealException;

class AesGcmSecretSealerTest {

	private static final String CONTEXT = "source/main/secretAccessKey";

	private static final Secret SECRET = Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

	private final AesGcmSecretSealer sealer = new AesGcmSecretSealer(randomKey());

	@ParameterizedTest
	@ValueSource(strings = { "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", "ünïcødé ✓", "x" })
	void opensWhatItSealed(String value) {
		String sealed = this.sealer.seal(Secret.of(value), CONTEXT);
		assertThat(sealed).startsWith("v1:");
		assertThat(this.sealer.open(sealed, CONTEXT).reveal()).isEqualTo(value);
	}

	@Test
	void sealedValueShowsNeitherThePlaintextNorItsBase64() {
		String sealed = this.sealer.seal(SECRET, CONTEXT);
		assertThat(sealed).doesNotContain(SECRET.reveal())
			.doesNotContain(Base64.getEncoder().encodeToString(SECRET.reveal().getBytes()));
		// nonce (12) + ciphertext (same length as the plaintext) + tag (16)
		assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + SECRET.length() + 16);
	}

	@Test
	void everySealUsesAFreshNonce() {
		String first = this.sealer.seal(SECRET, CONTEXT);
		String second = this.sealer.seal(SECRET, CONTEXT);
		assertThat(first).isNotEqualTo(second);
		assertThat(Arrays.copyOf(Base64.getDecoder().decode(first.substring(3)), 12)).as("nonces")
			.isNotEqualTo(Arrays.copyOf(Base64.getDecoder().decode(second.substring(3)), 12));
		assertThat(this.sealer.open(first, CONTEXT).reveal()).isEqualTo(this.sealer.open(second, CONTEXT).reveal());
	}

	@Test
	void doesNotOpenUnderAnotherContext() {
		String sealed = this.sealer.seal(SECRET, CONTEXT);
		assertThatThrownBy(() -> this.sealer.open(sealed, "source/other/secretAccessKey"))
			.isInstanceOf(SecretUnsealException.class)
			.hasMessageNotContaining(SECRET.reveal());
	}

	@Test
	void doesNotOpenUnderAnotherKey() {
		String sealed = this.sealer.seal(SECRET, CONTEXT);
		assertThatThrownBy(() -> new AesGcmSecretSealer(randomKey()).open(sealed, CONTEXT))
			.isInstanceOf(SecretUnsealException.class)
			.hasMessageContaining("master key");
	}

	@Test
	void opensValuesSealedUnderAPreviousKeyAndSealsUnderTheCurrentOne() {
		SecretKeySpec oldKey = randomKey();
		SecretKeySpec otherOldKey = randomKey();
		SecretKeySpec newKey = randomKey();
		String sealedUnderOld = new AesGcmSecretSealer(oldKey).seal(SECRET, CONTEXT);
		AesGcmSecretSealer rotating = new AesGcmSecretSealer(newKey, List.of(otherOldKey, oldKey));
		assertThat(rotating.open(sealedUnderOld, CONTEXT).reveal()).isEqualTo(SECRET.reveal());

		String resealed = rotating.reseal(sealedUnderOld, CONTEXT);
		assertThat(new AesGcmSecretSealer(newKey).open(resealed, CONTEXT).reveal()).as("opens with the new key alone")
			.isEqualTo(SECRET.reveal());
		assertThatThrownBy(() -> new AesGcmSecretSealer(oldKey).open(resealed, CONTEXT))
			.isInstanceOf(SecretUnsealException.class);
		assertThatThrownBy(() -> rotating.open(sealedUnderOld, "source/other/secretAccessKey"))
			.as("a previous key does not lift the context binding")
			.isInstanceOf(SecretUnsealException.class);
		assertThatThrownBy(() -> new AesGcmSecretSealer(newKey, List.of(otherOldKey)).open(sealedUnderOld, CONTEXT))
			.isInstanceOf(SecretUnsealException.class)
			.hasMessageContaining("previous");
	}

	@Test
	void detectsEveryTamperedByte() {
		byte[] bytes = Base64.getDecoder().decode(this.sealer.seal(SECRET, CONTEXT).substring(3));
		for (int i = 0; i < bytes.length; i++) {
			byte[] tampered = bytes.clone();
			tampered[i] ^= 0x01;
			String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);
			assertThatThrownBy(() -> this.sealer.open(altered, CONTEXT)).as("byte %d flipped", i)
				.isInstanceOf(SecretUnsealException.class);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "v2:AAAA", "plaintext", "v1:not base64!", "v1:AAAAAAAAAAAAAAAA", "v1:" })
	void refusesMalformedValues(String sealed) {
		assertThatThrownBy(() -> this.sealer.open(sealed, CONTEXT)).isInstanceOf(SecretUnsealException.class)
			.hasMessageContaining(CONTEXT);
	}

	@Test
	void refusesNull() {
		assertThatThrownBy(() -> this.sealer.open(null, CONTEXT)).isInstanceOf(SecretUnsealException.class);
	}

	private static SecretKeySpec randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new SecretKeySpec(key, "AES");
	}

}
