package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/**
 * Checks on {@code GET /v1/credentials} that need no STS: with
 * {@link BrokerApp#unreachableSts()}, an accepted token gets 503 UpstreamUnavailable, an
 * unknown one 401 Unauthorized.
 */
public final class ContainerEndpoint {

	private ContainerEndpoint() {
	}

	public static HttpJson.Response call(BrokerApp broker, String authorization) {
		return broker.client(authorization).get("/v1/credentials");
	}

	/**
	 * The token got past the token check: the broker tried STS (unreachable) and answered
	 * 503 with Retry-After.
	 */
	public static void assertAccepted(BrokerApp broker, String token) {
		HttpJson.Response response = call(broker, token);
		assertThat(response.status()).as("token should be accepted: %s", response).isEqualTo(503);
		assertError(response, "UpstreamUnavailable");
		assertThat(response.header("Retry-After")).isNotBlank();
	}

	public static void assertUnauthorized(BrokerApp broker, String token) {
		HttpJson.Response response = call(broker, token);
		assertThat(response.status()).as("token should be refused: %s", response).isEqualTo(401);
		assertError(response, "Unauthorized");
	}

	public static boolean isUnauthorized(BrokerApp broker, String token) {
		return call(broker, token).status() == 401;
	}

	/**
	 * The container endpoint's error shape: both casings, same values, application/json.
	 */
	public static void assertError(HttpJson.Response response, String code) {
		assertThat(response.header("Content-Type")).startsWith("application/json");
		JsonNode body = response.json();
		assertThat(body.get("code").asString()).isEqualTo(code);
		assertThat(body.get("Code").asString()).isEqualTo(code);
		assertThat(body.get("message").asString()).isNotBlank().isEqualTo(body.get("Message").asString());
	}

}
