package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.ExternalClients;
import dev.credbroker.testsupport.JavascriptSdk;
import dev.credbroker.testsupport.VendingHarness;

/**
 * The AWS SDK for JavaScript v3 (the strictest client: it rejects offsets in
 * {@code Expiration} and gives up after one second) loads the broker's credentials
 * through its default Node.js chain.
 */
class JavascriptSdkIT {

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tmp;

	@BeforeAll
	static void install() {
		JavascriptSdk.installedOrSkip();
	}

	@Test
	void defaultNodeChainLoadsCredentialsWithTheTokenAndWithTheTokenFile() throws Exception {
		String token = world.createAppWorkload(world.newWorkloadName("js"));
		String expectedKey = world.credentials(token).json().get("AccessKeyId").asString();
		String uri = world.broker().credentialsUri().toString();

		JsonNode viaToken = run(
				Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN", token));
		Path tokenFile = Files.writeString(this.tmp.resolve("token"), token);
		JsonNode viaFile = run(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri,
				"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString()));

		for (JsonNode loaded : new JsonNode[] { viaToken, viaFile }) {
			assertThat(loaded.get("accessKeyId").asString()).isEqualTo(expectedKey);
			assertThat(loaded.get("sessionToken").asBoolean()).isTrue();
			assertThat(Instant.parse(loaded.get("expiration").asString()))
				.isAfter(Instant.now().plus(Duration.ofMinutes(20)));
		}
	}

	@Test
	void anUnknownTokenFailsTheChain() {
		ExternalClients.Result result = ExternalClients.javascriptSdk(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
				world.broker().credentialsUri().toString(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", "cbw_unknown"));
		assertThat(result.exitCode()).as(result.toString()).isNotZero();
	}

	private static JsonNode run(Map<String, String> env) {
		ExternalClients.Result result = ExternalClients.javascriptSdk(env);
		assertThat(result.exitCode()).as(result.toString()).isZero();
		return JSON.readTree(result.lastLine());
	}

}
