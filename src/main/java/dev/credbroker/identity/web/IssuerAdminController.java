package dev.credbroker.identity.web;

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

import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.PutResult;
import dev.credbroker.identity.internal.Issuer;
import dev.credbroker.identity.internal.IssuerDefinition;
import dev.credbroker.identity.internal.IssuerService;

/** {@code /admin/v1/issuers}: the OIDC issuers whose tokens prove workloads. */
@RestController
@RequestMapping("/admin/v1/issuers")
class IssuerAdminController {

	private final IssuerService issuers;

	IssuerAdminController(IssuerService issuers) {
		this.issuers = issuers;
	}

	@PutMapping("/{name}")
	ResponseEntity<IssuerView> put(@PathVariable String name, @RequestBody IssuerDefinition request) {
		PutResult<Issuer> result = this.issuers.put(name, request);
		return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(IssuerView.of(result.value()));
	}

	@GetMapping
	ResponseEntity<List<IssuerView>> list(PageRequest page) {
		// few enough to page in memory
		return Page.ofAll(this.issuers.all(), page, Issuer::name).map(IssuerView::of).toResponse();
	}

	@GetMapping("/{name}")
	IssuerView get(@PathVariable String name) {
		return IssuerView.of(this.issuers.get(name));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.issuers.delete(name);
		return ResponseEntity.noContent().build();
	}

}
