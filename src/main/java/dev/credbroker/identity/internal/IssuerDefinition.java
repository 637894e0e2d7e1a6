package dev.credbroker.identity.internal;

import java.util.List;

/**
 * An OIDC issuer as an operator writes it (the admin API's body, or configuration),
 * before validation. Durations are Spring-style ({@code 60s}, {@code 24h}) or ISO-8601
 * strings.
 */
public record IssuerDefinition(String issuer, String jwksUri, List<String> audiences, String caCertificate,
		String bearerTokenFile, List<String> algorithms, String clockSkew, String maxTokenLifetime) {
}
