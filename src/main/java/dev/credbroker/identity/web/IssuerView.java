package dev.credbroker.identity.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.credbroker.identity.internal.Issuer;

/**
 * An issuer as operators see it; durations in ISO-8601. {@code origin} is {@code api} or
 * {@code configuration} (read-only here).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IssuerView(String name, String issuer, String jwksUri, List<String> audiences, String caCertificate,
		String bearerTokenFile, List<String> algorithms, String clockSkew, String maxTokenLifetime, String origin,
		Long version, Instant createdAt, Instant updatedAt) {

	static IssuerView of(Issuer issuer) {
		boolean stored = "api".equals(issuer.origin());
		return new IssuerView(issuer.name(), issuer.issuer(), issuer.jwksUri(), issuer.audiences(),
				issuer.caCertificate(), issuer.bearerTokenFile(), issuer.algorithms(), issuer.clockSkew().toString(),
				issuer.maxTokenLifetime().toString(), issuer.origin(), stored ? issuer.version() : null,
				stored ? issuer.createdAt() : null, stored ? issuer.updatedAt() : null);
	}

}
