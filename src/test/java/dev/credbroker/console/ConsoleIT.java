package dev.credbroker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.MotoIamFixture;

/**
 * The operator console over plain HTTP: its files need no token and carry a strict
 * Content-Security-Policy; the calls it makes (the admin API, with the status endpoint
 * and the audit filter it uses) all need the admin token. The browser itself is in
 * {@link ConsoleBrowserIT}.
 */
class ConsoleIT {

	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
			+ "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	static BrokerApp broker;

	static BrokerScenario scenario;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerApp.on(dataDir).unreachableSts().start();
		scenario = new BrokerScenario(broker);
	}

	@AfterAll
	static void stop() {
		broker.close();
	}

	@Test
	void thePageIsServedWithoutATokenAndWithAStrictPolicy() {
		for (String path : new String[] { "/console", "/console/", "/console/index.html" }) {
			Response page = scenario.get(path);
			assertThat(page.status()).as(path).isEqualTo(200);
			assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
			assertSecurityHeaders(page, path);
			assertThat(page.body()).contains("<script src=\"/console/console.js\" defer></script>")
				.doesNotContain("<style", " style=", "onclick", "javascript:")
				.as("no inline script: every script element has a src")
				.doesNotContainPattern("<script(?![^>]*\\bsrc=)");
		}
	}

	@Test
	void itsScriptAndStylesheetAreServedWithTheirTypes() {
		Response script = scenario.get("/console/console.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).contains("javascript");
		assertSecurityHeaders(script, "console.js");
		assertThat(script.body()).as("API data is written as text only")
			.doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "localStorage",
					"document.cookie");
		Response style = scenario.get("/console/console.css");
		assertThat(style.status()).isEqualTo(200);
		assertThat(style.header("Content-Type")).startsWith("text/css");
		assertSecurityHeaders(style, "console.css");
		assertThat(scenario.get("/console/missing.js").status()).isEqualTo(404);
	}

	@Test
	void theCallsThePageMakesNeedTheAdminToken() {
		for (String path : new String[] { "/admin/v1/status", "/admin/v1/sources", "/admin/v1/workloads",
				"/admin/v1/audit?action=issue&limit=1" }) {
			Response anonymous = scenario.get(path);
			assertThat(anonymous.status()).as(path).isEqualTo(401);
			assertThat(anonymous.body()).doesNotContain("ACCEPTING_TRAFFIC");
			Response wrong = broker.client("Bearer not-the-admin-token").get(path);
			assertThat(wrong.status()).as(path).isEqualTo(401);
		}
	}

	@Test
	void theStatusEndpointShowsReadinessTheStoreAndEachStsCircuit() {
		Response status = scenario.adminGet("/admin/v1/status");
		assertThat(status.status()).as(status.body()).isEqualTo(200);
		JsonNode body = status.json();
		assertThat(body.get("readiness").asString()).isEqualTo("ACCEPTING_TRAFFIC");
		assertThat(body.get("liveness").asString()).isEqualTo("CORRECT");
		assertThat(body.get("store").asString()).isEqualTo("UP");
		assertThat(body.get("stsCircuits").get("us-east-1").asString()).isEqualTo("CLOSED");
	}

	@Test
	void theAuditIsFilteredByAction() {
		scenario.staticSource("audited",
				new MotoIamFixture.Keys("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
		scenario.assumeRole("audited-app", "audited", "arn:aws:iam::123456789012:role/app");
		assertThat(scenario.adminPost("/admin/v1/workloads/audited-app/token", "").status()).isEqualTo(201);

		Response rotations = scenario
			.adminGet("/admin/v1/audit?workload=audited-app&action=POST%20/admin/v1/workloads/%7Bname%7D/token");
		assertThat(rotations.status()).as(rotations.body()).isEqualTo(200);
		assertThat(rotations.json().size()).isEqualTo(1);
		assertThat(rotations.json().get(0).get("action").asString()).isEqualTo("POST /admin/v1/workloads/{name}/token");
		Response all = scenario.adminGet("/admin/v1/audit?workload=audited-app");
		assertThat(all.json().size()).as("the creation too").isEqualTo(2);
		Response issuances = scenario.adminGet("/admin/v1/audit?workload=audited-app&action=issue&limit=1");
		assertThat(issuances.json().size()).as("none issued yet").isZero();

		Response bad = scenario.adminGet("/admin/v1/audit?action=%3Cscript%3E");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("action").doesNotContain("<script>");
	}

	@Test
	void noCookieIsEverSet() {
		assertThat(scenario.get("/console").header("Set-Cookie")).isNull();
		assertThat(scenario.adminGet("/admin/v1/status").header("Set-Cookie")).isNull();
	}

	private static void assertSecurityHeaders(Response response, String what) {
		assertThat(response.header("Content-Security-Policy")).as(what).isEqualTo(CSP);
		assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
		assertThat(response.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
		assertThat(response.header("Set-Cookie")).as(what).isNull();
	}

}
