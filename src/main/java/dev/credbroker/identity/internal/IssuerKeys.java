package dev.credbroker.identity.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.credbroker.identity.IdentityRejectedException;

/**
 * One issuer's signing keys (its JWKS), fetched on first use and kept. A token whose
 * {@code kid} is not among them makes one fetch again (the issuer rotated its key), at
 * most once per {@code refetchInterval}, so made-up key ids cannot make the broker hammer
 * the issuer. When a fetch fails (the issuer is down), the keys fetched before keep
 * validating.
 * <p>
 * Fetches go through Nimbus' {@link DefaultResourceRetriever} (size-limited), trusting
 * only the issuer's own CA when it has one and otherwise the JVM's default trust store
 * (public issuers; never "trust all"), and sending its bearer token file read again at
 * each fetch (the kubelet rotates it). A certificate the trust refuses is named as such
 * in the refusal.
 */
class IssuerKeys {

	private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

	private static final int SIZE_LIMIT = 512 * 1024;

	private final Issuer issuer;

	private final Duration refetchInterval;

	private final int timeoutMillis;

	private final LongSupplier nanoTime;

	private final SSLSocketFactory sockets;

	private volatile JWKSet keys;

	private volatile String lastFailure;

	private long lastFetchNanos;

	private boolean fetched;

	private volatile int fetches;

	IssuerKeys(Issuer issuer, Duration refetchInterval, Duration timeout, LongSupplier nanoTime) {
		this.issuer = issuer;
		this.refetchInterval = refetchInterval;
		this.timeoutMillis = (int) timeout.toMillis();
		this.nanoTime = nanoTime;
		this.sockets = (issuer.caCertificate() != null) ? trusting(issuer.caCertificate()) : null;
	}

	/**
	 * The key that should have signed a token with this {@code kid} (or without one: the
	 * issuer's only key of the algorithm's type) and algorithm.
	 * @throws IdentityRejectedException when there is none, naming why
	 */
	JWK keyFor(String kid, JWSAlgorithm algorithm) {
		JWKSet current = this.keys;
		JWK key = (current != null) ? select(current, kid, algorithm) : null;
		if (key != null) {
			return key;
		}
		if (current != null) {
			// A published key that does not fit: fetching the keys again would not help.
			requireNoUnfitKey(current, kid, algorithm);
		}
		current = refetchIfAllowed(current);
		if (current == null) {
			throw new IdentityRejectedException("The keys of issuer '" + this.issuer.name() + "' cannot be fetched: "
					+ this.lastFailure + "; tried again at most every " + this.refetchInterval.toSeconds() + " s");
		}
		key = select(current, kid, algorithm);
		if (key == null) {
			requireNoUnfitKey(current, kid, algorithm);
			throw new IdentityRejectedException((kid != null)
					? "Unknown key id (kid) '" + shorten(kid) + "' for issuer '" + this.issuer.name()
							+ "': not among its " + current.getKeys().size() + " published keys usable for " + algorithm
					: "The token names no key id (kid) and issuer '" + this.issuer.name()
							+ "' has no single key usable for " + algorithm);
		}
		return key;
	}

	/** Fetches the keys again unless that was done within the refetch interval. */
	private synchronized JWKSet refetchIfAllowed(JWKSet seen) {
		if (this.keys != seen) {
			// Another request fetched while this one waited.
			return this.keys;
		}
		long now = this.nanoTime.getAsLong();
		if (this.fetched && now - this.lastFetchNanos < this.refetchInterval.toNanos()) {
			return this.keys;
		}
		this.fetched = true;
		this.lastFetchNanos = now;
		try {
			this.keys = fetch();
			this.lastFailure = null;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			this.lastFailure = describe(ex);
			log.warn("Could not fetch the keys of OIDC issuer '{}' ({}); {}", this.issuer.name(), this.lastFailure,
					(this.keys != null) ? "the keys fetched before keep validating" : "its tokens are refused");
		}
		return this.keys;
	}

	/**
	 * Why a fetch failed, in words an operator can act on: a certificate that the trust
	 * in use does not accept is named as such, with the trust that refused it.
	 */
	private String describe(Exception ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
				return "TLS trust failed: " + ((this.issuer.caCertificate() != null)
						? "its certificate is not signed by the issuer's caCertificate (the only CA trusted for it)"
						: "its certificate is not trusted by the JVM's default trust store (the issuer has no "
								+ "caCertificate; give the CA that signed the issuer's certificate as caCertificate)");
			}
		}
		if (ex instanceof SSLException) {
			return "TLS handshake failed (" + ex.getMessage() + ")";
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	/** Fetches tried so far (successful or not). */
	int fetches() {
		return this.fetches;
	}

	private JWKSet fetch() throws IOException, ParseException {
		this.fetches++;
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(this.timeoutMillis, this.timeoutMillis,
				SIZE_LIMIT, true, this.sockets);
		if (this.issuer.bearerTokenFile() != null) {
			String token = Files.readString(Path.of(this.issuer.bearerTokenFile()), StandardCharsets.UTF_8).strip();
			retriever.setHeaders(Map.of("Authorization", List.of("Bearer " + token)));
		}
		String jwksUri = (this.issuer.jwksUri() != null) ? this.issuer.jwksUri() : discoverJwksUri(retriever);
		return JWKSet.parse(retriever.retrieveResource(URI.create(jwksUri).toURL()).getContent());
	}

	private String discoverJwksUri(DefaultResourceRetriever retriever) throws IOException, ParseException {
		String base = this.issuer.issuer().replaceAll("/+$", "");
		String discovery = retriever.retrieveResource(URI.create(base + "/.well-known/openid-configuration").toURL())
			.getContent();
		String jwksUri = JSONObjectUtils.getString(JSONObjectUtils.parse(discovery), "jwks_uri");
		if (jwksUri == null || !jwksUri.startsWith("https://")) {
			throw new IOException("the discovery document names no https jwks_uri");
		}
		return jwksUri;
	}

	private static JWK select(JWKSet keys, String kid, JWSAlgorithm algorithm) {
		KeyType type = KeyType.forAlgorithm(algorithm);
		JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyType(type).keyUses(KeyUse.SIGNATURE, null);
		if (kid != null) {
			matcher.keyID(kid);
		}
		List<JWK> matches = new JWKSelector(matcher.build()).select(keys);
		return (matches.size() == 1 || (kid != null && !matches.isEmpty())) ? matches.get(0) : null;
	}

	/**
	 * @throws IdentityRejectedException naming the mismatch when the issuer publishes a
	 * key under {@code kid} that cannot verify {@code algorithm} signatures: of another
	 * type (an RSA key for ES256), or one for encryption
	 */
	private void requireNoUnfitKey(JWKSet keys, String kid, JWSAlgorithm algorithm) {
		JWK published = (kid != null) ? keys.getKeyByKeyId(kid) : null;
		if (published == null) {
			return;
		}
		if (!KeyType.forAlgorithm(algorithm).equals(published.getKeyType())) {
			throw new IdentityRejectedException("Key '" + shorten(kid) + "' of issuer '" + this.issuer.name()
					+ "' is an " + published.getKeyType() + " key: it cannot verify " + algorithm
					+ " signatures (the token's header names the wrong kid or alg)");
		}
		if (published.getKeyUse() != null && !KeyUse.SIGNATURE.equals(published.getKeyUse())) {
			throw new IdentityRejectedException("Key '" + shorten(kid) + "' of issuer '" + this.issuer.name()
					+ "' is published for " + published.getKeyUse().identifier() + ", not for signatures");
		}
	}

	private static String shorten(String value) {
		return (value.length() > 64) ? value.substring(0, 64) + "…" : value;
	}

	private static SSLSocketFactory trusting(String pem) {
		try {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int i = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
				store.setCertificateEntry("ca-" + i++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("The CA certificate of an issuer cannot be used", ex);
		}
	}

}
