package dev.credbroker.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OIDC issuers declared in configuration ({@code credbroker.issuers.<name>.*}), e.g. by
 * the Helm chart for the cluster's own issuer. They are listed by the admin API with
 * {@code origin: configuration}, which cannot change or delete them.
 *
 * @param issuers the issuers by name
 */
@ConfigurationProperties("credbroker")
public record IssuersProperties(Map<String, DeclaredIssuer> issuers) {

	public IssuersProperties {
		issuers = (issuers != null) ? Map.copyOf(issuers) : Map.of();
	}

	/**
	 * One issuer as declared in configuration.
	 *
	 * @param issuer the exact {@code iss} of its tokens, an https URL
	 * @param jwksUri where its keys are (default: from OIDC discovery at
	 * {@code <issuer>/.well-known/openid-configuration})
	 * @param audiences the {@code aud} values accepted (a token needs one of them)
	 * @param caCertificate PEM certificates trusted for discovery and keys over https
	 * (default: the JVM's trust store)
	 * @param caCertificateFile a file holding such PEM certificates (e.g. the pod's
	 * service-account {@code ca.crt}), read at start; not together with
	 * {@code caCertificate}
	 * @param bearerTokenFile a file whose content is sent as a bearer token when fetching
	 * discovery and keys, read again at each fetch
	 * @param algorithms signature algorithms accepted (default {@code RS256},
	 * {@code ES256}; never {@code none} or {@code HS*})
	 * @param clockSkew leeway on {@code exp}, {@code nbf} and {@code iat} (default 60s)
	 * @param maxTokenLifetime the longest {@code exp - iat} accepted (default 24h)
	 */
	public record DeclaredIssuer(String issuer, String jwksUri, List<String> audiences, String caCertificate,
			String caCertificateFile, String bearerTokenFile, List<String> algorithms, Duration clockSkew,
			Duration maxTokenLifetime) {
	}

}
