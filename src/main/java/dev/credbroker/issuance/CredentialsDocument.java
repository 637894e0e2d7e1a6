package dev.credbroker.issuance;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The container credentials document SDKs parse: every value a JSON string,
 * {@code Expiration} in UTC with whole seconds and a {@code Z} (the JS and Rust SDKs
 * reject offsets), no {@code Code} field.
 */
public final class CredentialsDocument {

	private static final JsonFactory JSON = new JsonFactory();

	private CredentialsDocument() {
	}

	public static byte[] render(IssuedCredentials credentials) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("AccessKeyId", credentials.accessKeyId());
			json.writeStringProperty("SecretAccessKey", credentials.secretAccessKey().reveal());
			json.writeStringProperty("Token", credentials.sessionToken().reveal());
			json.writeStringProperty("Expiration", formatExpiration(credentials.expiration()));
			if (credentials.accountId() != null) {
				json.writeStringProperty("AccountId", credentials.accountId());
			}
			if (credentials.roleArn() != null) {
				json.writeStringProperty("RoleArn", credentials.roleArn());
			}
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * {@code 2026-11-25T22:12:34Z}: truncated, never rounded up, so the SDK never
	 * believes in a later expiry.
	 */
	public static String formatExpiration(Instant expiration) {
		return DateTimeFormatter.ISO_INSTANT.format(expiration.truncatedTo(ChronoUnit.SECONDS));
	}

}
