package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.crypto.Secret;

class CredentialsDocumentTest {

	@Test
	void rendersTheExactDocument() {
		IssuedCredentials credentials = new IssuedCredentials("ASIAEXAMPLE", Secret.of("secret/+key"),
				Secret.of("token=="), Instant.parse("2026-11-25T22:12:34Z"), "123456789012",
				"arn:aws:iam::123456789012:role/app");

		assertThat(render(credentials))
			.isEqualTo("{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"secret/+key\","
					+ "\"Token\":\"token==\",\"Expiration\":\"2026-11-25T22:12:34Z\",\"AccountId\":\"123456789012\","
					+ "\"RoleArn\":\"arn:aws:iam::123456789012:role/app\"}");
	}

	@Test
	void leavesOutWhatStsDidNotTell() {
		IssuedCredentials credentials = new IssuedCredentials("ASIAEXAMPLE", Secret.of("s"), Secret.of("t"),
				Instant.parse("2026-11-25T22:12:34Z"), null, null);

		assertThat(render(credentials)).isEqualTo("{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"s\","
				+ "\"Token\":\"t\",\"Expiration\":\"2026-11-25T22:12:34Z\"}");
	}

	@Test
	void expirationIsTruncatedToWholeSecondsInUtcWithZ() {
		assertThat(CredentialsDocument.formatExpiration(Instant.parse("2026-11-25T22:12:34.999999999Z")))
			.isEqualTo("2026-11-25T22:12:34Z");
		assertThat(CredentialsDocument.formatExpiration(Instant.parse("2026-11-25T22:12:34.5Z")))
			.isEqualTo("2026-11-25T22:12:34Z");
		assertThat(CredentialsDocument.formatExpiration(Instant.parse("2026-11-25T22:12:00Z")))
			.as("seconds are always written")
			.isEqualTo("2026-11-25T22:12:00Z");
		assertThat(CredentialsDocument.formatExpiration(Instant.parse("2026-11-25T23:59:59.999Z")))
			.as("never rounded up into the next day")
			.isEqualTo("2026-11-25T23:59:59Z");
		assertThat(CredentialsDocument.formatExpiration(Instant.parse("2027-01-01T00:00:00.000000001Z")))
			.isEqualTo("2027-01-01T00:00:00Z");
	}

	@Test
	void escapesJson() {
		String nasty = "q\"b\\s/c\u0001n\nt\tu\u00e9\u2028";
		IssuedCredentials credentials = new IssuedCredentials("ASIA\"X", Secret.of(nasty), Secret.of("</script>"),
				Instant.parse("2026-11-25T22:12:34Z"), null, "arn:aws:iam::123456789012:role/a\"b");

		String json = render(credentials);

		assertThat(json).contains("\"SecretAccessKey\":\"q\\\"b\\\\s/c\\u0001n\\nt\\tu\u00e9\u2028\"")
			.contains("\"AccessKeyId\":\"ASIA\\\"X\"");
		JsonNode parsed = JsonMapper.builder().build().readTree(json);
		assertThat(parsed.get("SecretAccessKey").asString()).isEqualTo(nasty);
		assertThat(parsed.get("Token").asString()).isEqualTo("</script>");
		assertThat(parsed.get("RoleArn").asString()).isEqualTo("arn:aws:iam::123456789012:role/a\"b");
	}

	private static String render(IssuedCredentials credentials) {
		return new String(CredentialsDocument.render(credentials), StandardCharsets.UTF_8);
	}

}
