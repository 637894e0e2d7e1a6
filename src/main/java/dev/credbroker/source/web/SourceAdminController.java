package dev.credbroker.source.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.credbroker.common.AdminAwsCalls;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.PutResult;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceAws;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceMaintenance;
import dev.credbroker.source.SourceType;

/**
 * {@code /admin/v1/sources}: create or replace, list, show, delete; MFA sessions; access
 * key rotation. Opening an MFA session and rotating a key call STS and IAM: they run on
 * {@link AdminAwsCalls}, not on a request thread.
 */
@RestController
@RequestMapping("/admin/v1/sources")
class SourceAdminController {

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final SourceMaintenance maintenance;

	private final SourceAws aws;

	private final Clock clock;

	private final AdminAwsCalls calls;

	SourceAdminController(SourceCatalog sources, MfaSessions mfaSessions, SourceMaintenance maintenance, SourceAws aws,
			Clock clock, AdminAwsCalls calls) {
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.maintenance = maintenance;
		this.aws = aws;
		this.clock = clock;
		this.calls = calls;
	}

	@PutMapping("/{name}")
	ResponseEntity<SourceView> put(@PathVariable String name, @RequestBody SourceRequest request) {
		PutResult<Source> result = this.sources.put(name, request.toDefinition());
		return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(view(result.value(), null));
	}

	/** One page in name order; the next one in the {@code Link} header. */
	@GetMapping
	ResponseEntity<List<SourceView>> list(PageRequest page) {
		return this.sources.page(page).map((source) -> view(source, null)).toResponse();
	}

	/**
	 * One source, with the provider of the default chain (or profile) that answers for
	 * it.
	 */
	@GetMapping("/{name}")
	DeferredResult<SourceView> get(@PathVariable String name) {
		Source source = this.sources.get(name);
		if (source.type() == SourceType.STATIC) {
			DeferredResult<SourceView> answer = new DeferredResult<>();
			answer.setResult(view(source, null));
			return answer;
		}
		// Resolving the default chain may ask the instance metadata service: off the
		// request thread.
		return this.calls.run(() -> view(source, this.aws.answeringProvider(source).orElse(null)));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.sources.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/mfa-session")
	DeferredResult<ResponseEntity<Map<String, Instant>>> openMfaSession(@PathVariable String name,
			@RequestBody MfaSessionRequest request) {
		return this.calls.run(() -> {
			Instant expiration = this.maintenance.openMfaSession(name, request.tokenCode(), request.durationSeconds());
			return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("expiration", expiration));
		});
	}

	@DeleteMapping("/{name}/mfa-session")
	ResponseEntity<Void> endMfaSession(@PathVariable String name) {
		this.maintenance.endMfaSession(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/rotate")
	DeferredResult<KeyRotationView> rotate(@PathVariable String name) {
		return this.calls.run(() -> KeyRotationView.of(this.maintenance.rotateAccessKey(name)));
	}

	private SourceView view(Source source, String answeringProvider) {
		return SourceView.of(source, this.mfaSessions.current(source.name()).orElse(null), answeringProvider,
				this.clock.instant());
	}

}
