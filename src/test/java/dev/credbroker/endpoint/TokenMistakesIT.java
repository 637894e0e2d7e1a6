package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoIamFixture.Keys;

/**
 * The usual mistakes with the container endpoint's Authorization header get a 401 that
 * names them: a {@code Bearer } prefix, or the admin token. STS is unreachable: a token
 * that were accepted would answer 503, so every 401 here proves a refusal.
 */
class TokenMistakesIT {

	static BrokerApp broker;

	static BrokerScenario scenario;

	static String token;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir).unreachableSts().property("credbroker.endpoint.bad-token-limit", 1000).start();
		scenario = new BrokerScenario(broker);
		scenario.staticSource("main", new Keys("AKIAZZZZZZZZZZZZ1234", "notARealSecretKey0123456789abcdefghijklm"));
		token = scenario.workload("app", "{\"source\":\"main\",\"type\":\"session-token\",\"durationSeconds\":3600}");
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void aWorkloadTokenSentAsBearerIsToldToDropThePrefix() {
		String message = unauthorized("Bearer " + token);

		assertThat(message).startsWith("Send the raw workload token without \"Bearer \"")
			.doesNotContain("not known", token);
	}

	@Test
	void anUnknownTokenSentAsBearerIsToldToDropThePrefixToo() {
		assertThat(unauthorized("Bearer cbw_never_issued")).startsWith("Send the raw workload token without")
			.contains("not known");
	}

	@Test
	void theAdminTokenIsToldItIsTheAdminToken() {
		assertThat(unauthorized(BrokerApp.ADMIN_TOKEN))
			.startsWith("This is the admin token; workloads use their " + "own token");
		assertThat(unauthorized("Bearer " + BrokerApp.ADMIN_TOKEN)).startsWith("This is the admin token");
	}

	@Test
	void anUnknownTokenIsUnknown() {
		assertThat(unauthorized("cbw_never_issued")).startsWith("The workload token is not known");
	}

	@Test
	void theRawTokenIsAccepted() {
		assertThat(scenario.credentials(token).status()).as("accepted, then STS is unreachable").isEqualTo(503);
	}

	private static String unauthorized(String authorization) {
		HttpJson.Response answer = scenario.credentials(authorization);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("Unauthorized");
		assertThat(answer.body()).doesNotContain("AccessKeyId", BrokerApp.ADMIN_TOKEN);
		return answer.json().get("message").asString();
	}

}
