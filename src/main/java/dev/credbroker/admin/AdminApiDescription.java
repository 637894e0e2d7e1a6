package dev.credbroker.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

import org.springframework.web.method.HandlerMethod;

import dev.credbroker.common.PageRequest;

/**
 * What springdoc cannot read from the controllers: the bearer requirement of every admin
 * route, each route's real success statuses, every error it can answer with a
 * problem+json example, the pagination parameters and {@code Link} header of lists, and
 * the container endpoint (a servlet filter, not a controller). Routes not in
 * {@link #ROUTES} (a new one) still get the errors every admin route can answer.
 */
class AdminApiDescription {

	static final String ADMIN_TOKEN = "adminToken";

	static final String WORKLOAD_TOKEN = "workloadToken";

	static final String PROBLEM = "Problem";

	static final String PROBLEM_JSON = "application/problem+json";

	private static final String ADMIN_PREFIX = "/admin/";

	/** The rule of {@code common.Names}, as a JSON Schema pattern. */
	static final String NAME_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";

	private static final String CREDENTIALS_PATH = "/v1/credentials";

	/** What any admin route may answer. */
	private static final Map<Integer, String> EVERY_ROUTE = Map.of(401,
			"No admin token, or a wrong one (`WWW-Authenticate: Bearer`)", 429,
			"Too many wrong admin tokens from this address (`credbroker.admin.bad-token-limit`); `Retry-After` says when to try again",
			500, "The broker failed unexpectedly; its log has the details", 503,
			"The store (database) is unreachable: nothing was changed; `Retry-After` says when to retry");

	/** What a route with a request body may answer as well. */
	private static final Map<Integer, String> WITH_BODY = Map.of(400,
			"The body breaks a rule: `errors[]` names each field and what is allowed; nothing is stored", 413,
			"The body exceeds 64 KiB", 415, "The body is not `application/json`");

	private static final Map<String, Map<Integer, Answer>> ROUTES = new LinkedHashMap<>();

	static {
		route("PUT /admin/v1/sources/{name}", ok(201, "Created", "SourceView"),
				ok(200, "Replaced: its MFA session ends and its cached credentials are dropped", "SourceView"),
				error(409, "A concurrent change to the same name won; read it and try again"));
		route("DELETE /admin/v1/sources/{name}", ok(204, "Deleted", null),
				error(409, "A workload uses the source; delete or move it first"));
		route("POST /admin/v1/sources/{name}/mfa-session", ok(201, "The MFA session is open until `expiration`", ""),
				error(400,
						"The code is not six digits, or `durationSeconds` is outside 900-129600 (never sent to STS)"),
				error(409, "The source has no `mfaSerial`, or it was replaced meanwhile"),
				error(422, "STS refused the code (wrong, expired or already used)"),
				error(503, "STS is unreachable, or the store is"));
		route("DELETE /admin/v1/sources/{name}/mfa-session", ok(204, "The MFA session ended", null));
		route("POST /admin/v1/sources/{name}/rotate", error(409, "Only static sources hold keys the broker can rotate"),
				error(502, "A rotation step failed (the problem names it); the old key is kept"),
				error(503, "IAM is unreachable, or the store is"));
		route("PUT /admin/v1/workloads/{name}",
				ok(201, "Created: the only answer that shows the token, with the `env` a workload sets "
						+ "(without a static token: no `token`, and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` for "
						+ "its OIDC token file)", "WorkloadTokenView"),
				ok(200, "Replaced: the token is kept, its cached credentials are dropped", "WorkloadView"),
				error(409, "A concurrent change to the same name won, or the source was deleted meanwhile"));
		route("DELETE /admin/v1/workloads/{name}", ok(204, "Deleted; its token stops working at once", null));
		route("POST /admin/v1/workloads/{name}/token",
				ok(201, "A new token (shown once); the old one works for `credbroker.workloads.token-grace`", ""),
				error(409, "Too many tokens still in grace"));
		route("POST /admin/v1/workloads/{name}/dry-run",
				error(502, "STS refused the recipe (`code`, `stsErrorCode` say why)"),
				error(503, "STS is unavailable or the source needs an MFA session (`code` says which)"));
		route("POST /admin/v1/sts/decode-authorization-message", error(404, "No such source"),
				error(502, "STS refused to decode the message"), error(503, "STS is unreachable"));
		route("GET /admin/v1/audit", error(400, "`limit` outside 1-1000, or `workload` is not a valid name"));
		route("POST /admin/v1/master-key/reseal", error(409, "A value opens with no configured key"));
	}

	/**
	 * The list handlers that take a {@link PageRequest}: its two query parameters.
	 */
	Operation paginated(Operation operation, HandlerMethod handler) {
		for (var parameter : handler.getMethodParameters()) {
			if (parameter.getParameterType() == PageRequest.class) {
				operation.addParametersItem(new Parameter().in("query")
					.name(PageRequestArgumentResolver.LIMIT)
					.description("Entries per page")
					.schema(new IntegerSchema().minimum(java.math.BigDecimal.valueOf(PageRequest.MIN_LIMIT))
						.maximum(java.math.BigDecimal.valueOf(PageRequest.MAX_LIMIT))
						._default(PageRequest.DEFAULT_LIMIT)));
				operation.addParametersItem(new Parameter().in("query")
					.name(PageRequestArgumentResolver.CURSOR)
					.description("Opaque: taken from the previous page's `Link` header; absent for the first page")
					.schema(new StringSchema().pattern("^[A-Za-z0-9_-]+$").maxLength(512)));
			}
		}
		return operation;
	}

	void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(PROBLEM, problemSchema());
		openApi.getComponents().addSchemas("EndpointError", endpointErrorSchema());
		openApi.getComponents().addSchemas("Credentials", credentialsSchema());
		openApi.getComponents().getSchemas().values().forEach(AdminApiDescription::policyIsAnObject);
		openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith(ADMIN_PREFIX)) {
				item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation));
			}
		});
		openApi.getPaths().addPathItem(CREDENTIALS_PATH, containerEndpoint());
	}

	private void describe(String path, PathItem.HttpMethod method, Operation operation) {
		operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN_TOKEN)));
		operation.setTags(List.of(tagOf(path)));
		if (operation.getParameters() != null) {
			operation.getParameters()
				.stream()
				.filter((parameter) -> "path".equals(parameter.getIn()) && "name".equals(parameter.getName()))
				.forEach((parameter) -> parameter.setSchema(new StringSchema().pattern(NAME_PATTERN)));
		}
		ApiResponses responses = operation.getResponses();
		ApiResponse generated = responses.remove("200");
		Map<Integer, Answer> answers = new TreeMap<>();
		EVERY_ROUTE.forEach((status, description) -> answers.put(status, error(status, description)));
		if (operation.getRequestBody() != null) {
			WITH_BODY.forEach((status, description) -> answers.put(status, error(status, description)));
		}
		if (path.contains("{name}") && method != PathItem.HttpMethod.PUT) {
			answers.put(404, error(404, "No " + singular(tagOf(path)) + " of that name"));
		}
		boolean paginated = operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((parameter) -> PageRequestArgumentResolver.CURSOR.equals(parameter.getName()));
		if (paginated) {
			answers.put(400, error(400, "`limit` is not a whole number from 1 to 1000, or `cursor` is malformed"));
		}
		answers.putAll(ROUTES.getOrDefault(method + " " + path, Map.of()));
		if (answers.keySet().stream().noneMatch((status) -> status < 300)) {
			answers.put(200, ok(200, "OK", ""));
		}
		answers.forEach((status, answer) -> responses.addApiResponse(Integer.toString(status),
				answer.response(generated, paginated)));
	}

	/**
	 * A session policy is a JSON object on the wire (a {@code JsonNode} read, a raw JSON
	 * string written), which springdoc cannot tell.
	 */
	private static void policyIsAnObject(Schema<?> schema) {
		if (schema.getProperties() != null && schema.getProperties().containsKey("sessionPolicy")) {
			Schema<?> policy = schema.getProperties().get("sessionPolicy");
			schema.getProperties()
				.put("sessionPolicy", new ObjectSchema().description((policy.getDescription() != null)
						? policy.getDescription() : "An IAM policy document (a JSON object)"));
		}
	}

	private static String tagOf(String path) {
		String rest = path.substring("/admin/v1/".length());
		int slash = rest.indexOf('/');
		return (slash < 0) ? rest : rest.substring(0, slash);
	}

	private static String singular(String tag) {
		return tag.endsWith("s") ? tag.substring(0, tag.length() - 1) : tag;
	}

	private static PathItem containerEndpoint() {
		ApiResponses responses = new ApiResponses().addApiResponse("200",
				new ApiResponse().description("Issued credentials (`Cache-Control: no-store`)")
					.content(json("application/json", ref("Credentials"), null)));
		endpointError(responses, 401, "Unauthorized", "No token, or one the broker does not know");
		endpointError(responses, 403, "WorkloadDisabled", "The workload exists with `enabled: false`");
		endpointError(responses, 421, "HostNotAllowed",
				"Plain http naming a host that is not an IP literal, `localhost` or an allowed host");
		endpointError(responses, 502, "UpstreamRejected", "STS refused the recipe; the message says what to fix");
		endpointError(responses, 503, "UpstreamUnavailable",
				"STS is unreachable or throttling, the deadline passed, the workload's rate was exceeded "
						+ "(`Throttled`) or its source needs an MFA session (`MfaSessionRequired`); `Retry-After`");
		return new PathItem().get(new Operation().operationId("credentials")
			.tags(List.of("container endpoint"))
			.summary("Credentials for the workload whose token is sent (the ECS container credentials contract)")
			.security(List.of(new SecurityRequirement().addList(WORKLOAD_TOKEN)))
			.responses(responses));
	}

	private static void endpointError(ApiResponses responses, int status, String code, String description) {
		Map<String, String> example = new LinkedHashMap<>();
		example.put("code", code);
		example.put("message", description);
		example.put("Code", code);
		example.put("Message", description);
		responses.addApiResponse(Integer.toString(status), new ApiResponse().description(description)
			.content(json("application/json", ref("EndpointError"), example)));
	}

	private static Content json(String type, Schema<?> schema, Object example) {
		MediaType media = new MediaType().schema(schema);
		if (example != null) {
			media.setExample(example);
		}
		return new Content().addMediaType(type, media);
	}

	private static Schema<?> ref(String name) {
		return new Schema<>().$ref("#/components/schemas/" + name);
	}

	private static Schema<?> problemSchema() {
		ObjectSchema violation = new ObjectSchema();
		violation.addProperty("field", new StringSchema().description("The field, or query parameter, refused"));
		violation.addProperty("message", new StringSchema().description("What would be allowed"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details; never echoes a submitted value, never a stack trace");
		problem.addProperty("type", new StringSchema().format("uri"));
		problem.addProperty("title", new StringSchema());
		problem.addProperty("status", new IntegerSchema());
		problem.addProperty("detail", new StringSchema());
		problem.addProperty("instance", new StringSchema().format("uri-reference"));
		problem.addProperty("errors", new ArraySchema().items(violation).description("With 400: each refused field"));
		problem.addProperty("code", new StringSchema().description("With issuance failures: the endpoint's code"));
		problem.addProperty("stsErrorCode", new StringSchema().description("With STS refusals: STS's own code"));
		return problem;
	}

	private static Schema<?> endpointErrorSchema() {
		ObjectSchema error = new ObjectSchema();
		error.description("The code and message twice, in both casings: the Java and Go SDKs read the lower-case "
				+ "names, the JavaScript SDK the capitalised ones");
		for (String field : List.of("code", "message", "Code", "Message")) {
			error.addProperty(field, new StringSchema());
		}
		return error;
	}

	private static Schema<?> credentialsSchema() {
		ObjectSchema credentials = new ObjectSchema();
		credentials.addProperty("AccessKeyId", new StringSchema().example("ASIAEXAMPLEEXAMPLE12"));
		credentials.addProperty("SecretAccessKey", new StringSchema());
		credentials.addProperty("Token", new StringSchema().description("The session token"));
		credentials.addProperty("Expiration",
				new StringSchema().description("UTC, whole seconds, ending in Z").example("2026-11-25T22:12:34Z"));
		credentials.addProperty("AccountId", new StringSchema().description("When STS reported it"));
		credentials.addProperty("RoleArn", new StringSchema().description("For assume-role"));
		credentials.setRequired(List.of("AccessKeyId", "SecretAccessKey", "Token", "Expiration"));
		return credentials;
	}

	private static void route(String route, Answer... answers) {
		Map<Integer, Answer> byStatus = new TreeMap<>();
		for (Answer answer : answers) {
			byStatus.put(answer.status(), answer);
		}
		ROUTES.put(route, byStatus);
	}

	/**
	 * A success; {@code schema} names a component, "" keeps springdoc's, null is none.
	 */
	private static Answer ok(int status, String description, String schema) {
		return new Answer(status, description, schema);
	}

	private static Answer error(int status, String description) {
		return new Answer(status, description, PROBLEM);
	}

	/** One documented answer of a route. */
	record Answer(int status, String description, String schema) {

		ApiResponse response(ApiResponse generated, boolean paginated) {
			ApiResponse response = new ApiResponse().description(this.description);
			if (PROBLEM.equals(this.schema)) {
				response.content(json(PROBLEM_JSON, ref(PROBLEM), ProblemExamples.of(this.status, this.description)));
				if (this.status == 429 || this.status == 503) {
					response.addHeaderObject("Retry-After",
							new Header().description("Whole seconds").schema(new IntegerSchema()));
				}
				if (this.status == 401) {
					response.addHeaderObject("WWW-Authenticate",
							new Header().schema(new StringSchema()._default("Bearer")));
				}
				return response;
			}
			if ("".equals(this.schema)) {
				if (generated != null) {
					response.setContent(generated.getContent());
				}
			}
			else if (this.schema != null) {
				response.content(json("application/json", ref(this.schema), null));
			}
			if (paginated) {
				response.addHeaderObject("Link", new Header()
					.description("`<…?limit=…&cursor=…>; rel=\"next\"`: the next page, relative to this request; "
							+ "absent on the last page")
					.schema(new StringSchema()));
			}
			return response;
		}

	}

}
