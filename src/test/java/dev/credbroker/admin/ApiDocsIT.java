package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.FreePorts;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.HttpJson.Response;

/**
 * The OpenAPI description at {@code /v3/api-docs} cannot drift from the routes: its admin
 * paths and methods are exactly those Spring MVC maps, each with the bearer requirement
 * and the errors it can answer as problem+json examples. It needs the admin token,
 * Swagger UI gets it through its start script under a strict CSP, and
 * {@code credbroker.admin.api-docs.enabled=false} switches both off.
 */
class ApiDocsIT {

	static final String DESCRIPTION = "/v3/api-docs";

	@Nested
	class Enabled {

		static BrokerApp broker;

		static JsonNode description;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			broker = BrokerApp.on(dataDir).unreachableSts().start();
			Response answer = broker.admin().get(DESCRIPTION);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			description = answer.json();
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		@Test
		void itIsOpenApi31WithTheBearerScheme() {
			assertThat(description.get("openapi").asString()).startsWith("3.1");
			JsonNode scheme = description.at("/components/securitySchemes/" + AdminApiDescription.ADMIN_TOKEN);
			assertThat(scheme.get("type").asString()).isEqualTo("http");
			assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
			assertThat(description.at("/servers/0/url").asString()).isEqualTo("/");
		}

		@Test
		void itsAdminRoutesAreExactlyTheMappedOnes() {
			assertThat(documentedAdminRoutes()).isNotEmpty().isEqualTo(mappedAdminRoutes());
		}

		@Test
		void everyAdminOperationNeedsTheAdminTokenAndListsItsErrorsAsProblems() {
			forEachAdminOperation((route, operation) -> {
				assertThat(operation.at("/security/0/" + AdminApiDescription.ADMIN_TOKEN).isArray()).as(route).isTrue();
				JsonNode responses = operation.get("responses");
				List<String> expected = new ArrayList<>(List.of("401", "429", "500", "503"));
				if (operation.has("requestBody")) {
					expected.addAll(List.of("400", "413", "415"));
				}
				if (route.contains("{name}") && !route.startsWith("PUT")) {
					expected.add("404");
				}
				assertThat(names(responses)).as(route).containsAll(expected);
				assertThat(names(responses)).as(route + " has a success").anyMatch((status) -> status.startsWith("2"));
				for (String status : names(responses)) {
					if (status.startsWith("4") || status.startsWith("5")) {
						JsonNode problem = responses.at("/" + status + "/content/application~1problem+json");
						assertThat(problem.at("/schema/$ref").asString()).as(route + " " + status)
							.isEqualTo("#/components/schemas/Problem");
						assertThat(problem.at("/example/status").asInt()).as(route + " " + status)
							.isEqualTo(Integer.parseInt(status));
						assertThat(responses.at("/" + status + "/description").asString()).isNotBlank();
					}
				}
			});
		}

		@Test
		void routeSpecificAnswersAreThere() {
			JsonNode putWorkload = description.at("/paths/~1admin~1v1~1workloads~1{name}/put/responses");
			assertThat(putWorkload.at("/201/content/application~1json/schema/$ref").asString())
				.endsWith("/WorkloadTokenView");
			assertThat(putWorkload.at("/200/content/application~1json/schema/$ref").asString())
				.endsWith("/WorkloadView");
			assertThat(names(putWorkload)).as("PUT creates: never 404").doesNotContain("404");
			JsonNode mfa = description.at("/paths/~1admin~1v1~1sources~1{name}~1mfa-session/post/responses");
			assertThat(names(mfa)).contains("201", "400", "404", "409", "422").doesNotContain("200");
			assertThat(names(description.at("/paths/~1admin~1v1~1sources~1{name}/delete/responses"))).contains("204",
					"404", "409");
			JsonNode badToken = description.at("/paths/~1admin~1v1~1workloads/get/responses/401");
			assertThat(badToken.at("/headers/WWW-Authenticate").isObject()).isTrue();
			assertThat(description.at("/paths/~1admin~1v1~1workloads/get/responses/503/headers/Retry-After").isObject())
				.isTrue();
		}

		@Test
		void listsDocumentLimitCursorAndTheLinkHeader() {
			for (String list : List.of("/admin/v1/workloads", "/admin/v1/sources")) {
				JsonNode get = description.at("/paths/" + list.replace("/", "~1") + "/get");
				JsonNode limit = parameter(get, "limit");
				assertThat(limit.at("/in").asString()).isEqualTo("query");
				assertThat(limit.at("/schema/minimum").asInt()).isEqualTo(1);
				assertThat(limit.at("/schema/maximum").asInt()).isEqualTo(1000);
				assertThat(limit.at("/schema/default").asInt()).isEqualTo(100);
				assertThat(parameter(get, "cursor").at("/in").asString()).isEqualTo("query");
				assertThat(get.at("/responses/200/headers/Link").isObject()).as(list).isTrue();
				assertThat(get.at("/responses/200/content/application~1json/schema/type").asString())
					.isEqualTo("array");
				assertThat(names(get.get("responses"))).contains("400");
				assertThat(get.get("parameters").size()).as("no 'page' object parameter").isEqualTo(2);
			}
		}

		@Test
		void bodiesCarryTheirLimits() {
			JsonNode schemas = description.at("/components/schemas");
			JsonNode workload = schemas.at("/WorkloadRequest/properties");
			assertThat(workload.at("/durationSeconds/minimum").asInt()).isEqualTo(1800);
			assertThat(workload.at("/durationSeconds/maximum").asInt()).isEqualTo(129600);
			assertThat(workload.at("/policyArns/maxItems").asInt()).isEqualTo(10);
			assertThat(workload.at("/sessionTags/maxProperties").asInt()).isEqualTo(50);
			assertThat(workload.at("/externalId/maxLength").asInt()).isEqualTo(1224);
			assertThat(workload.at("/sessionPolicy/type").asString()).isEqualTo("object");
			assertThat(schemas.at("/WorkloadView/properties/sessionPolicy/type").asString()).isEqualTo("object");
			assertThat(workload.at("/type/enum").toString()).contains("assume-role", "federation-token",
					"session-token");
			JsonNode mfa = schemas.at("/MfaSessionRequest/properties");
			assertThat(mfa.at("/tokenCode/pattern").asString()).isEqualTo("^\\d{6}$");
			assertThat(mfa.at("/durationSeconds/minimum").asInt()).isEqualTo(900);
			assertThat(mfa.at("/durationSeconds/maximum").asInt()).isEqualTo(129600);
			JsonNode source = schemas.at("/SourceRequest/properties");
			assertThat(source.at("/type/enum").toString()).contains("static", "default-chain", "profile");
			assertThat(source.at("/secretAccessKey/format").asString()).isEqualTo("password");
			assertThat(source.at("/mfaSerial/maxLength").asInt()).isEqualTo(256);
			JsonNode name = parameter(description.at("/paths/~1admin~1v1~1workloads~1{name}/put"), "name");
			assertThat(name.at("/schema/pattern").asString()).isEqualTo("^[a-z0-9][a-z0-9-]{0,62}$");
		}

		@Test
		void theContainerEndpointIsDescribedWithTheWorkloadToken() {
			JsonNode get = description.at("/paths/~1v1~1credentials/get");
			assertThat(get.at("/security/0/" + AdminApiDescription.WORKLOAD_TOKEN).isArray()).isTrue();
			assertThat(names(get.get("responses"))).contains("200", "401", "403", "421", "502", "503");
			assertThat(get.at("/responses/503/content/application~1json/example/Code").asString())
				.isEqualTo("UpstreamUnavailable");
		}

		@Test
		void theDescriptionNeedsTheAdminToken() {
			for (String path : List.of(DESCRIPTION, DESCRIPTION + "/swagger-config", DESCRIPTION + ".yaml",
					DESCRIPTION + "/", DESCRIPTION + ".json")) {
				for (String authorization : new String[] { null, "Bearer not-the-admin-token-0123456789abcdef" }) {
					Response refused = broker.client(authorization).get(path);
					assertThat(refused.status()).as(path).isEqualTo(401);
					assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
					assertThat(refused.body()).doesNotContain("/admin/v1/workloads");
				}
			}
			assertThat(broker.admin().get(DESCRIPTION + ".yaml").body()).contains("/admin/v1/workloads");
		}

		@Test
		void swaggerUiFilesAreOpenUnderAStrictPolicyAndItsStartScriptSendsTheToken() {
			Response page = broker.client(null).get("/swagger-ui.html");
			assertThat(page.status()).isEqualTo(302);
			assertThat(page.header("Location")).endsWith("/swagger-ui/index.html");
			Response index = broker.client(null).get("/swagger-ui/index.html");
			assertThat(index.status()).isEqualTo(200);
			assertThat(index.body()).contains("swagger-initializer.js");
			List<String> scripts = List.of(index.body().toLowerCase(Locale.ROOT).split("<script"));
			assertThat(scripts.subList(1, scripts.size())).as("every script has a src; none is inline")
				.isNotEmpty()
				.allSatisfy((script) -> assertThat(script.substring(0, script.indexOf('>'))).contains("src="));
			String csp = index.header("Content-Security-Policy");
			assertThat(csp).contains("script-src 'self';").contains("default-src 'none'").doesNotContain("unsafe-eval");
			Response start = broker.client(null).get("/swagger-ui/swagger-initializer.js");
			assertThat(start.status()).isEqualTo(200);
			assertThat(start.header("Content-Type")).contains("javascript");
			assertThat(start.body()).contains("requestInterceptor", "sessionStorage", "'../v3/api-docs'")
				.doesNotContain("petstore")
				.doesNotContain("configUrl");
			assertThat(start.header("Content-Security-Policy")).isEqualTo(csp);
		}

		@Test
		void swaggerUiIsServedOnlyWhereItHasTheTokenStartScriptAndItsPolicy() {
			for (String path : webjarPaths()) {
				Response answer = broker.client(null).get(path);
				assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(404);
			}
		}

		private static JsonNode parameter(JsonNode operation, String name) {
			for (JsonNode parameter : operation.get("parameters")) {
				if (parameter.get("name").asString().equals(name)) {
					return parameter;
				}
			}
			throw new AssertionError("no parameter " + name + " in " + operation);
		}

		private static Set<String> documentedAdminRoutes() {
			Set<String> routes = new TreeSet<>();
			forEachAdminOperation((route, operation) -> routes.add(route));
			return routes;
		}

		private static void forEachAdminOperation(java.util.function.BiConsumer<String, JsonNode> action) {
			description.get("paths").properties().forEach((path) -> {
				if (path.getKey().startsWith("/admin/")) {
					path.getValue()
						.properties()
						.forEach((operation) -> action.accept(
								operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
								operation.getValue()));
				}
			});
		}

		private static Set<String> mappedAdminRoutes() {
			RequestMappingHandlerMapping mapping = broker.context()
				.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
			Set<String> routes = new TreeSet<>();
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
					if (pattern.startsWith("/admin/")) {
						Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
						assertThat(methods).as(pattern + " names its methods").isNotEmpty();
						methods.forEach((method) -> routes.add(method.name() + " " + pattern));
					}
				}
			}
			return routes;
		}

		private static List<String> names(JsonNode object) {
			List<String> names = new ArrayList<>();
			object.properties().forEach((entry) -> names.add(entry.getKey()));
			return names;
		}

	}

	/**
	 * Swagger UI's files where Spring Boot serves every webjar by default: without the
	 * start script that asks for the token, and without the UI's policy.
	 */
	static List<String> webjarPaths() {
		String version;
		try (InputStream pom = ApiDocsIT.class
			.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
			Properties properties = new Properties();
			properties.load(pom);
			version = properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.of("/webjars/swagger-ui/index.html", "/webjars/swagger-ui/swagger-initializer.js",
				"/webjars/swagger-ui/" + version + "/index.html",
				"/webjars/swagger-ui/" + version + "/swagger-initializer.js");
	}

	@Nested
	class SwitchedOff {

		static BrokerApp broker;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			broker = BrokerApp.on(dataDir)
				.unreachableSts()
				.property("credbroker.admin.api-docs.enabled", false)
				.start();
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		@Test
		void bothAnswer404EvenWithTheAdminToken() {
			for (String path : List.of(DESCRIPTION, DESCRIPTION + "/swagger-config", "/swagger-ui.html",
					"/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js")) {
				Response answer = broker.admin().get(path);
				assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(404);
			}
			for (String path : webjarPaths()) {
				Response answer = broker.admin().get(path);
				assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(404);
			}
			assertThat(broker.admin().get("/admin/v1/workloads").status()).isEqualTo(200);
		}

	}

	@Nested
	class OnTheAdminPort {

		static BrokerApp broker;

		static int adminPort;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			adminPort = FreePorts.pick();
			broker = BrokerApp.on(dataDir).unreachableSts().property("credbroker.admin.port", adminPort).start();
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		@Test
		void theDescriptionAndUiAreOnlyThere() {
			HttpJson onAdminPort = HttpJson.to(URI.create("http://127.0.0.1:" + OnTheAdminPort.adminPort),
					"Bearer " + BrokerApp.ADMIN_TOKEN);
			assertThat(onAdminPort.get(DESCRIPTION).status()).isEqualTo(200);
			assertThat(onAdminPort.get("/swagger-ui/index.html").status()).isEqualTo(200);
			for (String path : List.of(DESCRIPTION, DESCRIPTION + ".yaml", "/swagger-ui.html",
					"/swagger-ui/index.html")) {
				assertThat(broker.admin().get(path).status()).as(path).isEqualTo(404);
			}
		}

	}

}
