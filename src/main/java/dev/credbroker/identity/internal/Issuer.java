package dev.credbroker.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A validated OIDC issuer: whose tokens are accepted, where its keys are and how to fetch
 * them, and the limits on its tokens.
 *
 * @param name the broker's name for it, which identity bindings use
 * @param issuer the exact {@code iss}
 * @param jwksUri its JWKS, or {@code null} to discover it
 * @param origin {@code api} or {@code configuration}
 */
public record Issuer(String name, String issuer, String jwksUri, List<String> audiences, String caCertificate,
		String bearerTokenFile, List<String> algorithms, Duration clockSkew, Duration maxTokenLifetime, String origin,
		long version, Instant createdAt, Instant updatedAt) {

	static final String API = "api";

	static final String CONFIGURATION = "configuration";

	public Issuer {
		audiences = List.copyOf(audiences);
		algorithms = List.copyOf(algorithms);
	}

	/** The definition as stored (durations in ISO-8601). */
	IssuerDefinition definition() {
		return new IssuerDefinition(this.issuer, this.jwksUri, this.audiences, this.caCertificate, this.bearerTokenFile,
				this.algorithms, this.clockSkew.toString(), this.maxTokenLifetime.toString());
	}

	/** Whether fetching keys works the same for both (same place, trust and bearer). */
	boolean fetchesKeysAs(Issuer other) {
		return this.issuer.equals(other.issuer) && java.util.Objects.equals(this.jwksUri, other.jwksUri)
				&& java.util.Objects.equals(this.caCertificate, other.caCertificate)
				&& java.util.Objects.equals(this.bearerTokenFile, other.bearerTokenFile);
	}

}
