package dev.credbroker.source.web;

import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.credbroker.common.PutResult;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;

/** {@code /admin/v1/sources}: create or replace, list, show and delete sources. */
@RestController
@RequestMapping("/admin/v1/sources")
class SourceAdminController {

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final Clock clock;

	SourceAdminController(SourceCatalog sources, MfaSessions mfaSessions, Clock clock) {
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.clock = clock;
	}

	@PutMapping("/{name}")
	ResponseEntity<SourceView> put(@PathVariable String name, @RequestBody SourceRequest request) {
		PutResult<Source> result = this.sources.put(name, request.toDefinition());
		return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view(result.value()));
	}

	@GetMapping
	List<SourceView> list() {
		return this.sources.all().stream().map(this::view).toList();
	}

	@GetMapping("/{name}")
	SourceView get(@PathVariable String name) {
		return view(this.sources.get(name));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.sources.delete(name);
		return ResponseEntity.noContent().build();
	}

	private SourceView view(Source source) {
		return SourceView.of(source, this.mfaSessions.current(source.name()).orElse(null), this.clock.instant());
	}

}
