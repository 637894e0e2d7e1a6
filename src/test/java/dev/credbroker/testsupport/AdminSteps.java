package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin calls most tests start with, each asserting it succeeded so a broken set-up
 * fails where it happens.
 */
public final class AdminSteps {

	private final HttpJson admin;

	public AdminSteps(BrokerApp broker) {
		this.admin = broker.admin();
	}

	public HttpJson.Response putSource(String name, JsonBody body) {
		HttpJson.Response response = this.admin.put("/admin/v1/sources/" + name, body.toString());
		assertThat(response.status()).as("PUT source %s: %s", name, response).isIn(200, 201);
		return response;
	}

	public HttpJson.Response putWorkload(String name, JsonBody body) {
		HttpJson.Response response = this.admin.put("/admin/v1/workloads/" + name, body.toString());
		assertThat(response.status()).as("PUT workload %s: %s", name, response).isIn(200, 201);
		return response;
	}

	/** Creates a workload and returns its token (shown only in this answer). */
	public String createWorkload(String name, JsonBody body) {
		HttpJson.Response response = putWorkload(name, body);
		assertThat(response.status()).as("create workload %s", name).isEqualTo(201);
		return response.json().get("token").asString();
	}

	/**
	 * A static source and an assume-role workload on it; returns the workload's token.
	 */
	public String createSourceAndWorkload(String source, String workload) {
		putSource(source, AdminBodies.staticSource());
		return createWorkload(workload, AdminBodies.assumeRole(source));
	}

}
