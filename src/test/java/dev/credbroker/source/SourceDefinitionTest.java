package dev.credbroker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.credbroker.common.FieldViolation;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.crypto.Secret;

class SourceDefinitionTest {

	private static final String KEY_ID = "AKIAABCDEFGHIJKLWXYZ";

	private static final Secret SECRET = Secret.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

	@Test
	void validDefinitionsOfEveryType() {
		assertThat(staticWith(null).validate()).isEqualTo(SourceType.STATIC);
		assertThat(new SourceDefinition("default-chain", null, null, null, null, null).validate())
			.isEqualTo(SourceType.DEFAULT_CHAIN);
		assertThat(new SourceDefinition("profile", null, null, "ops", null, "us-east-1").validate())
			.isEqualTo(SourceType.PROFILE);
	}

	@Test
	void mfaSerialIs9To256AllowedCharacters() {
		staticWith("a".repeat(9)).validate();
		staticWith("a".repeat(256)).validate();
		staticWith("arn:aws:iam::123456789012:mfa/ops+=,.@_-").validate();
		staticWith("GAHT12345678").validate();
		assertRejected(staticWith("a".repeat(8)), "mfaSerial");
		assertRejected(staticWith("a".repeat(257)), "mfaSerial");
	}

	@ParameterizedTest
	@ValueSource(strings = { "arn:aws:iam::123456789012:mfa/o ps", "arn:aws:iam::123456789012:mfa/#ops",
			"arn:aws:iam::123456789012:mfa/ops!", "arn:aws:iam::123456789012:mfa/öps", "" })
	void mfaSerialWithOtherCharactersIsRejected(String serial) {
		assertRejected(staticWith(serial), "mfaSerial");
	}

	@Test
	void staticNeedsALongTermKeyPair() {
		assertRejected(new SourceDefinition("static", null, SECRET, null, null, null), "accessKeyId");
		assertRejected(new SourceDefinition("static", "ASIAABCDEFGHIJKLWXYZ", SECRET, null, null, null), "accessKeyId");
		assertRejected(new SourceDefinition("static", "AKIA12345678901", SECRET, null, null, null), "accessKeyId");
		new SourceDefinition("static", "AKIA123456789012", SECRET, null, null, null).validate();
		assertRejected(new SourceDefinition("static", KEY_ID, null, null, null, null), "secretAccessKey");
		assertRejected(new SourceDefinition("static", KEY_ID, Secret.of("a".repeat(15)), null, null, null),
				"secretAccessKey");
		new SourceDefinition("static", KEY_ID, Secret.of("a".repeat(16)), null, null, null).validate();
		new SourceDefinition("static", KEY_ID, Secret.of("a".repeat(128)), null, null, null).validate();
		assertRejected(new SourceDefinition("static", KEY_ID, Secret.of("a".repeat(129)), null, null, null),
				"secretAccessKey");
	}

	@Test
	void rejectionNeverEchoesTheSecret() {
		Secret bad = Secret.of("not a valid secret key with spaces!!");
		InvalidRequestException ex = assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> new SourceDefinition("static", KEY_ID, bad, null, null, null).validate())
			.actual();
		assertThat(ex.getMessage()).doesNotContain(bad.reveal());
		assertThat(ex.violations())
			.allSatisfy((violation) -> assertThat(violation.message()).doesNotContain(bad.reveal()));
	}

	@Test
	void fieldsOfOtherTypesAreRejected() {
		assertRejected(new SourceDefinition("default-chain", KEY_ID, null, null, null, null), "accessKeyId");
		assertRejected(new SourceDefinition("profile", null, SECRET, "ops", null, null), "secretAccessKey");
		assertRejected(new SourceDefinition("static", KEY_ID, SECRET, "ops", null, null), "profile");
		assertRejected(new SourceDefinition("profile", null, null, null, null, null), "profile");
		assertRejected(new SourceDefinition("profile", null, null, "o ps", null, null), "profile");
	}

	@Test
	void unknownTypeAndBadRegionAreRejected() {
		assertRejected(new SourceDefinition("env", null, null, null, null, null), "type");
		assertRejected(new SourceDefinition(null, null, null, null, null, null), "type");
		assertRejected(new SourceDefinition("default-chain", null, null, null, null, "US-EAST-1"), "region");
		new SourceDefinition("default-chain", null, null, null, null, "us-gov-west-1").validate();
	}

	private static SourceDefinition staticWith(String mfaSerial) {
		return new SourceDefinition("static", KEY_ID, SECRET, null, mfaSerial, null);
	}

	private static void assertRejected(SourceDefinition definition, String field) {
		assertThat(assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(definition::validate)
			.actual()
			.violations()).extracting(FieldViolation::field).contains(field);
	}

}
