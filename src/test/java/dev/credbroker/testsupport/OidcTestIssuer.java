package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An OIDC issuer for tests, as a cluster's API server or a CI system is one: OIDC
 * discovery ({@code /.well-known/openid-configuration}) and its keys ({@code /keys}) over
 * https on a free loopback port, with a certificate of its own test CA. It signs RS256
 * and ES256 tokens, rotates its RSA key (a new {@code kid}, the old key still published),
 * goes down (503 to everything) and comes back, may require a bearer token on its
 * documents, and counts the fetches of its keys. It also makes the tokens an attacker
 * would try (Nimbus builds them all).
 *
 * <pre>
 * try (OidcTestIssuer issuer = OidcTestIssuer.start(dir)) {
 *     String jwt = issuer.token("system:serviceaccount:billing:api");
 * }
 * </pre>
 */
public final class OidcTestIssuer implements AutoCloseable {

	public static final String AUDIENCE = "credential-broker";

	private final HttpsServer server;

	private final TestCertificates certificates;

	private final List<JWK> published = new CopyOnWriteArrayList<>();

	private final AtomicReference<RSAKey> rsaKey = new AtomicReference<>();

	private final ECKey ecKey;

	private final AtomicInteger keyFetches = new AtomicInteger();

	private final AtomicInteger discoveryFetches = new AtomicInteger();

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicReference<String> requiredBearer = new AtomicReference<>();

	private final AtomicReference<String> lastAuthorization = new AtomicReference<>();

	private final AtomicInteger rotations = new AtomicInteger();

	private OidcTestIssuer(Path dir) throws IOException, JOSEException {
		this.certificates = TestCertificates.newCa(dir);
		Path certificate = dir.resolve("issuer.pem");
		Path key = dir.resolve("issuer.key");
		this.certificates.issueServer(1, certificate, key);
		this.rsaKey.set(new RSAKeyGenerator(2048).keyID("rsa-1").generate());
		this.ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		this.published.add(this.rsaKey.get().toPublicJWK());
		this.published.add(this.ecKey.toPublicJWK());
		this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(serverContext(certificate, key)));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** An issuer with its CA and certificate in {@code dir}, listening. */
	public static OidcTestIssuer start(Path dir) {
		try {
			return new OidcTestIssuer(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer URL, its tokens' {@code iss}. */
	public String issuer() {
		return "https://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The PEM of the CA that signed its certificate. */
	public String caPem() {
		try {
			return Files.readString(this.certificates.ca());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Path caFile() {
		return this.certificates.ca();
	}

	/** Fetches of {@code /keys} so far (answered or not). */
	public int keyFetches() {
		return this.keyFetches.get();
	}

	public int discoveryFetches() {
		return this.discoveryFetches.get();
	}

	/** The Authorization header of the last request for discovery or keys. */
	public String lastAuthorization() {
		return this.lastAuthorization.get();
	}

	/** From now on discovery and keys need {@code Authorization: Bearer <token>}. */
	public void requireBearer(String token) {
		this.requiredBearer.set(token);
	}

	/** Answers 503 to everything until {@link #comeBack()}. */
	public void goDown() {
		this.down.set(true);
	}

	public void comeBack() {
		this.down.set(false);
	}

	/**
	 * Signs with a new RSA key (a new {@code kid}) from now on; the old one stays
	 * published.
	 * @return the new kid
	 */
	public String rotateKey() {
		try {
			RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-" + (2 + this.rotations.getAndIncrement())).generate();
			this.published.add(next.toPublicJWK());
			this.rsaKey.set(next);
			return next.getKeyID();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A service-account-like token for {@code subject}: audience {@value #AUDIENCE},
	 * issued now, valid for an hour, RS256 with the current key.
	 */
	public String token(String subject) {
		return token(subject, (claims) -> {
		});
	}

	/** {@link #token(String)} with claims changed by {@code customizer}. */
	public String token(String subject, Consumer<JWTClaimsSet.Builder> customizer) {
		return sign(this.rsaKey.get(), JWSAlgorithm.RS256, claims(subject, customizer));
	}

	/** The same token signed ES256 with the issuer's EC key. */
	public String es256Token(String subject) {
		return sign(this.ecKey, JWSAlgorithm.ES256, claims(subject, (claims) -> {
		}));
	}

	/** Claims as {@link #token(String)} has them, changed by {@code customizer}. */
	public JWTClaimsSet claims(String subject, Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.claim("kubernetes.io", Map.of("namespace", namespaceOf(subject)));
		customizer.accept(claims);
		return claims.build();
	}

	/** {@code alg: none}: the claims with no signature. */
	public String unsignedToken(String subject) {
		return new PlainJWT(claims(subject, (claims) -> {
		})).serialize();
	}

	/**
	 * HS256 with the RSA public key's bytes as the HMAC secret: the key-confusion attack
	 * on a verifier that lets the token choose the algorithm.
	 */
	public String hs256WithPublicKey(String subject) {
		try {
			byte[] publicKey = this.rsaKey.get().toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.rsaKey.get().getKeyID()).build(),
					claims(subject, (claims) -> {
					}));
			jwt.sign(new MACSigner(publicKey));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A valid token whose payload was then changed (another subject) with its signature
	 * kept.
	 */
	public String tamperedToken(String signedSubject, String claimedSubject) {
		String[] parts = token(signedSubject).split("\\.");
		String payload = Base64URL.encode(claims(claimedSubject, (claims) -> {
		}).toString().getBytes(StandardCharsets.UTF_8)).toString();
		return parts[0] + "." + payload + "." + parts[2];
	}

	/** Signed RS256 by a key the issuer never published, under an unknown kid. */
	public String tokenWithUnknownKid(String subject) {
		try {
			return sign(new RSAKeyGenerator(2048).keyID("never-published").generate(), JWSAlgorithm.RS256,
					claims(subject, (claims) -> {
					}));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signed {@code algorithm} (RS256 or ES256) with the issuer's key of that type, but
	 * naming {@code kid}, e.g. the issuer's key of the other type: a token whose header
	 * and key do not fit together.
	 */
	public String tokenUnderKid(String subject, JWSAlgorithm algorithm, String kid) {
		JWK key = JWSAlgorithm.ES256.equals(algorithm) ? this.ecKey : this.rsaKey.get();
		return sign(key, algorithm, kid, claims(subject, (claims) -> {
		}));
	}

	/** The {@code kid} of the RSA key tokens are signed with now. */
	public String rsaKid() {
		return this.rsaKey.get().getKeyID();
	}

	/** The {@code kid} of the EC key ES256 tokens are signed with. */
	public String ecKid() {
		return this.ecKey.getKeyID();
	}

	private static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		return sign(key, algorithm, key.getKeyID(), claims);
	}

	private static String sign(JWK key, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign((key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String namespaceOf(String subject) {
		String[] segments = subject.split(":");
		return (segments.length == 4) ? segments[2] : "none";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			boolean keys = "/keys".equals(path);
			if (keys) {
				this.keyFetches.incrementAndGet();
			}
			else if ("/.well-known/openid-configuration".equals(path)) {
				this.discoveryFetches.incrementAndGet();
			}
			this.lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
			if (this.down.get()) {
				answer(exchange, 503, "{\"error\":\"down\"}");
				return;
			}
			String bearer = this.requiredBearer.get();
			if (bearer != null
					&& !("Bearer " + bearer).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				answer(exchange, 401, "{\"error\":\"unauthorized\"}");
				return;
			}
			if (keys) {
				answer(exchange, 200, new JWKSet(new ArrayList<>(this.published)).toString(true));
			}
			else if ("/.well-known/openid-configuration".equals(path)) {
				answer(exchange, 200, """
						{"issuer":"%s","jwks_uri":"%s/keys","response_types_supported":["id_token"],
						"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256","ES256"]}
						""".formatted(issuer(), issuer()));
			}
			else {
				answer(exchange, 404, "{}");
			}
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static SSLContext serverContext(Path certificate, Path key) {
		try {
			String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			PrivateKey privateKey = KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
			Certificate cert;
			try (var in = Files.newInputStream(certificate)) {
				cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("issuer", privateKey, "changeit".toCharArray(), new Certificate[] { cert });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, "changeit".toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
