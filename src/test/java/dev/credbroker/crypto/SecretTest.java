package dev.credbroker.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SecretTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Secret secret = Secret.of("wJalrXUtnFEMI/K7MDENG");

	record Holder(String name, Secret secret) {
	}

	@Test
	void toStringIsMasked() {
		assertThat(this.secret.toString()).isEqualTo("****");
		assertThat("key=" + this.secret).doesNotContain("wJalr");
		assertThat(new Holder("main", this.secret).toString()).doesNotContain("wJalr").contains("****");
	}

	@Test
	void jsonIsMasked() {
		assertThat(JSON.writeValueAsString(new Holder("main", this.secret)))
			.isEqualTo("{\"name\":\"main\",\"secret\":\"****\"}");
	}

	@Test
	void isReadFromAJsonStringAndRevealedOnlyOnPurpose() {
		Holder read = JSON.readValue("{\"name\":\"main\",\"secret\":\"s3cr3t\"}", Holder.class);
		assertThat(read.secret().reveal()).isEqualTo("s3cr3t");
		assertThat(read.secret().length()).isEqualTo(6);
	}

	@Test
	void matchesComparesValues() {
		assertThat(this.secret.matches(Secret.of("wJalrXUtnFEMI/K7MDENG"))).isTrue();
		assertThat(this.secret.matches(this.secret)).isTrue();
		assertThat(this.secret.matches(Secret.of("wJalrXUtnFEMI/K7MDENH"))).as("last character differs").isFalse();
		assertThat(this.secret.matches(Secret.of("wJalrXUtnFEMI/K7MDEN"))).as("a prefix").isFalse();
		assertThat(this.secret.matches(Secret.of("wJalrXUtnFEMI/K7MDENGG"))).as("longer").isFalse();
		assertThat(this.secret.matches(Secret.of(""))).isFalse();
		assertThat(this.secret.matches(null)).isFalse();
		assertThat(Secret.of("").matches(Secret.of(""))).isTrue();
		assertThat(Secret.of("ä").matches(Secret.of("a"))).isFalse();
	}

	@Test
	void ofNullableKeepsNull() {
		assertThat(Secret.ofNullable(null)).isNull();
		assertThat(Secret.ofNullable("x").reveal()).isEqualTo("x");
		assertThat(Secret.of(" ").isBlank()).isTrue();
	}

}
