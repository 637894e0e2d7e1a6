package dev.credbroker.workload.web;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.common.PageRequest;
import dev.credbroker.crypto.Secret;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadCatalog.WorkloadPutResult;

/** {@code /admin/v1/workloads}: create or replace, list, show, delete, rotate tokens. */
@RestController
@RequestMapping("/admin/v1/workloads")
class WorkloadAdminController {

	static final String CREDENTIALS_PATH = "/v1/credentials";

	private final WorkloadCatalog workloads;

	private final JsonMapper json;

	private final Clock clock;

	private final String publicUrl;

	private final SourceCatalog sources;

	private final String defaultRegion;

	WorkloadAdminController(WorkloadCatalog workloads, JsonMapper json, Clock clock,
			@Value("${credbroker.public-url:}") String publicUrl, SourceCatalog sources,
			@Value("${credbroker.sts.region:us-east-1}") String defaultRegion) {
		this.workloads = workloads;
		this.json = json;
		this.clock = clock;
		this.publicUrl = publicUrl;
		this.sources = sources;
		this.defaultRegion = defaultRegion;
	}

	@PutMapping("/{name}")
	ResponseEntity<Object> put(@PathVariable String name, @RequestBody WorkloadRequest request) {
		WorkloadPutResult result = this.workloads.put(name, request.toDefinition(this.json));
		WorkloadView view = view(result.workload());
		if (result.created() && result.token() != null) {
			return ResponseEntity.status(HttpStatus.CREATED).body(tokenView(view, result.token()));
		}
		if (result.created()) {
			// No token to show, but the same environment, with the token file in its
			// place.
			return ResponseEntity.status(HttpStatus.CREATED)
				.body(WorkloadTokenView.withoutStaticToken(view, credentialsUrl(), region(view.source())));
		}
		return ResponseEntity.ok(view);
	}

	/** One page in name order; the next one in the {@code Link} header. */
	@GetMapping
	ResponseEntity<List<WorkloadView>> list(PageRequest page) {
		return this.workloads.page(page).map(this::view).toResponse();
	}

	@GetMapping("/{name}")
	WorkloadView get(@PathVariable String name) {
		return view(this.workloads.get(name));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.workloads.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/token")
	ResponseEntity<WorkloadTokenView> rotateToken(@PathVariable String name) {
		Secret token = this.workloads.rotateToken(name);
		return ResponseEntity.status(HttpStatus.CREATED).body(tokenView(view(this.workloads.get(name)), token));
	}

	private WorkloadView view(Workload workload) {
		return WorkloadView.of(workload, this.clock.instant());
	}

	private WorkloadTokenView tokenView(WorkloadView view, Secret token) {
		return WorkloadTokenView.of(view, token.reveal(), credentialsUrl(), region(view.source()));
	}

	/**
	 * The region the workload's source issues in: its own, else
	 * {@code credbroker.sts.region} (as the issuance module's
	 * {@code StsProperties.regionOf} decides; read here by property so that this module
	 * does not depend on issuance, which depends on it).
	 */
	private String region(String source) {
		return this.sources.find(source)
			.map(Source::region)
			.filter((region) -> !region.isBlank())
			.orElse(this.defaultRegion);
	}

	private String credentialsUrl() {
		String base = this.publicUrl.isBlank() ? fromRequest() : this.publicUrl;
		return base.replaceAll("/+$", "") + CREDENTIALS_PATH;
	}

	/**
	 * The URL the admin used, but {@code 127.0.0.1} for {@code localhost} over plain
	 * http, where some SDK versions accept only the loopback address, never the name
	 * (over https the name has to match the certificate).
	 */
	private static String fromRequest() {
		var url = ServletUriComponentsBuilder.fromCurrentContextPath();
		var used = url.build();
		if ("http".equals(used.getScheme()) && "localhost".equalsIgnoreCase(used.getHost())) {
			url.host("127.0.0.1");
		}
		return url.toUriString();
	}

}
