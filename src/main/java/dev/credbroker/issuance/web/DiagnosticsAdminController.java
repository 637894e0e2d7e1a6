package dev.credbroker.issuance.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.AdminAwsCalls;
import dev.credbroker.issuance.IssuanceDiagnostics;
import dev.credbroker.issuance.IssuanceDiagnostics.DryRun;

/**
 * Dry runs of a workload's recipe, and decoding of STS authorization messages: both call
 * STS, so they run on {@link AdminAwsCalls}, not on a request thread.
 */
@RestController
class DiagnosticsAdminController {

	private final IssuanceDiagnostics diagnostics;

	private final JsonMapper json;

	private final AdminAwsCalls calls;

	DiagnosticsAdminController(IssuanceDiagnostics diagnostics, JsonMapper json, AdminAwsCalls calls) {
		this.diagnostics = diagnostics;
		this.json = json;
		this.calls = calls;
	}

	@PostMapping("/admin/v1/workloads/{name}/dry-run")
	DeferredResult<DryRun> dryRun(@PathVariable String name) {
		return this.calls.run(() -> this.diagnostics.dryRun(name));
	}

	@PostMapping("/admin/v1/sts/decode-authorization-message")
	DeferredResult<ResponseEntity<Object>> decode(@RequestBody DecodeRequest request) {
		return this.calls.run(() -> {
			String decoded = this.diagnostics.decodeAuthorizationMessage(request.source(), request.encodedMessage());
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new DecodeResponse(parse(decoded)));
		});
	}

	private Object parse(String decoded) {
		try {
			JsonNode node = this.json.readTree(decoded);
			return node;
		}
		catch (JacksonException ex) {
			return decoded;
		}
	}

	record DecodeRequest(
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "the source whose credentials decode it",
					pattern = "^[a-z0-9][a-z0-9-]{0,62}$") String source,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "the encoded message of an AccessDenied answer") String encodedMessage) {
	}

	record DecodeResponse(Object decodedMessage) {
	}

}
