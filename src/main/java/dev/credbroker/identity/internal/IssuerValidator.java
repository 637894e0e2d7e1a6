package dev.credbroker.identity.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.boot.convert.DurationStyle;

import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.Names;

/**
 * The rules for an issuer, so that a bad one is refused (400 naming the field) before
 * anything is stored: https URLs, at least one audience, asymmetric algorithms only, PEM
 * that parses.
 */
final class IssuerValidator {

	/** What Nimbus verifies with public keys; {@code none} and {@code HS*} never. */
	static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
			"ES512", "EdDSA", "Ed25519");

	static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");

	static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

	static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);

	private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

	private IssuerValidator() {
	}

	/**
	 * @param prefix how fields are named in messages ({@code ""} for the admin API,
	 * {@code credbroker.issuers.<name>.} for configuration)
	 */
	static Issuer validate(String name, IssuerDefinition definition, String origin, String prefix, long version,
			Instant createdAt, Instant updatedAt) {
		Names.requireValid("name", name);
		String issuer = requireHttps(prefix + "issuer", definition.issuer(), true);
		String jwksUri = requireHttps(prefix + field(prefix, "jwksUri"), definition.jwksUri(), false);
		List<String> audiences = definition.audiences();
		if (audiences == null || audiences.isEmpty() || audiences.stream().anyMatch((a) -> a == null || a.isBlank())) {
			throw InvalidRequestException.of(prefix + "audiences",
					"is required: the aud values accepted (at least one, e.g. credential-broker)");
		}
		List<String> algorithms = (definition.algorithms() != null) ? definition.algorithms() : DEFAULT_ALGORITHMS;
		if (algorithms.isEmpty()) {
			throw InvalidRequestException.of(prefix + "algorithms", "must name at least one algorithm");
		}
		for (String algorithm : algorithms) {
			if (algorithm == null || !ASYMMETRIC.contains(algorithm)) {
				throw InvalidRequestException.of(prefix + "algorithms",
						"'" + algorithm
								+ "' is not accepted: only asymmetric signature algorithms, never none or HS* (one of "
								+ String.join(", ", ASYMMETRIC.stream().sorted().toList()) + ")");
			}
		}
		String pem = definition.caCertificate();
		if (pem != null && !pem.isBlank()) {
			requirePem(prefix + field(prefix, "caCertificate"), pem);
		}
		else {
			pem = null;
		}
		String bearerTokenFile = definition.bearerTokenFile();
		if (bearerTokenFile != null && (bearerTokenFile.isBlank() || !bearerTokenFile.startsWith("/"))) {
			throw InvalidRequestException.of(prefix + field(prefix, "bearerTokenFile"),
					"must be an absolute path (e.g. /var/run/secrets/kubernetes.io/serviceaccount/token)");
		}
		Duration clockSkew = duration(prefix + field(prefix, "clockSkew"), definition.clockSkew(), DEFAULT_CLOCK_SKEW);
		if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
			throw InvalidRequestException.of(prefix + field(prefix, "clockSkew"), "must be between 0s and 10m");
		}
		Duration maxTokenLifetime = duration(prefix + field(prefix, "maxTokenLifetime"), definition.maxTokenLifetime(),
				DEFAULT_MAX_TOKEN_LIFETIME);
		if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()
				|| maxTokenLifetime.compareTo(Duration.ofDays(7)) > 0) {
			throw InvalidRequestException.of(prefix + field(prefix, "maxTokenLifetime"),
					"must be longer than 0s and at most 7d");
		}
		return new Issuer(name, issuer, jwksUri, List.copyOf(audiences), pem, bearerTokenFile, List.copyOf(algorithms),
				clockSkew, maxTokenLifetime, origin, version, createdAt, updatedAt);
	}

	/** {@code jwksUri} in the API, {@code jwks-uri} in configuration. */
	private static String field(String prefix, String camel) {
		return prefix.isEmpty() ? camel : camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
	}

	private static String requireHttps(String field, String value, boolean required) {
		if (value == null || value.isBlank()) {
			if (required) {
				throw InvalidRequestException.of(field,
						"is required: the issuer's https URL, exactly as its tokens' iss claim");
			}
			return null;
		}
		try {
			URI uri = new URI(value);
			if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null
					|| uri.getRawFragment() != null) {
				throw InvalidRequestException.of(field,
						"must be an https URL with a host and no query or fragment (keys over plain http could be "
								+ "replaced on the way)");
			}
			return value;
		}
		catch (java.net.URISyntaxException ex) {
			throw InvalidRequestException.of(field, "is not a URL");
		}
	}

	/** PEM holding at least one X.509 certificate, else refused naming {@code field}. */
	static void requirePem(String field, String pem) {
		if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
			throw InvalidRequestException.of(field, "must be PEM: one or more -----BEGIN CERTIFICATE----- blocks");
		}
		try {
			Collection<?> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
			if (certificates.isEmpty()) {
				throw InvalidRequestException.of(field, "holds no certificate");
			}
		}
		catch (CertificateException | RuntimeException ex) {
			if (ex instanceof InvalidRequestException invalid) {
				throw invalid;
			}
			throw InvalidRequestException.of(field, "is not a valid PEM certificate");
		}
	}

	private static Duration duration(String field, String value, Duration defaultValue) {
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		try {
			return DurationStyle.detectAndParse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw InvalidRequestException.of(field, "is not a duration (e.g. 60s, 24h or PT24H)");
		}
	}

}
