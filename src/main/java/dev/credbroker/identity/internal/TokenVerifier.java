package dev.credbroker.identity.internal;

import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.credbroker.identity.IdentityRejectedException;

/**
 * Checks an OIDC token, in this order, each failure naming its check: it parses as a
 * signed JWT (never {@code alg: none}), its {@code iss} is a configured issuer exactly,
 * its algorithm is one that issuer allows, its {@code kid} names one of the issuer's keys
 * of the algorithm's type, the signature verifies with that key, it is within
 * {@code nbf}..{@code exp} and not issued in the future (each with the issuer's clock
 * skew), it lives no longer than the issuer's cap, and one of its audiences is one the
 * issuer expects. Parsing, keys and signatures are Nimbus'.
 */
class TokenVerifier {

	private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

	private final Function<String, IssuerRuntime> issuersByIss;

	TokenVerifier(Function<String, IssuerRuntime> issuersByIss) {
		this.issuersByIss = issuersByIss;
	}

	/** An issuer in use: its definition and its keys. */
	record IssuerRuntime(Issuer issuer, IssuerKeys keys) {
	}

	/** A token that passed every check. */
	record VerifiedToken(Issuer issuer, String subject, Map<String, Object> claims, Instant expiresAt) {
	}

	VerifiedToken verify(String token, Instant now) {
		SignedJWT signed = parse(token);
		JWTClaimsSet claims;
		try {
			claims = signed.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IdentityRejectedException("The token's payload is not a JSON claims set");
		}
		String iss = claims.getIssuer();
		if (iss == null) {
			throw new IdentityRejectedException("The token has no iss (issuer) claim");
		}
		IssuerRuntime runtime = this.issuersByIss.apply(iss);
		if (runtime == null) {
			throw new IdentityRejectedException("Unknown issuer '" + shorten(iss)
					+ "': no issuer configured in the broker has this exact iss (see GET /admin/v1/issuers)");
		}
		Issuer issuer = runtime.issuer();
		JWSHeader header = signed.getHeader();
		JWSAlgorithm algorithm = header.getAlgorithm();
		if (!issuer.algorithms().contains(algorithm.getName())) {
			throw new IdentityRejectedException(
					"Algorithm " + shorten(algorithm.getName()) + " is not allowed for issuer '" + issuer.name()
							+ "' (allowed: " + String.join(", ", issuer.algorithms()) + ")");
		}
		JWK key = runtime.keys().keyFor(header.getKeyID(), algorithm);
		verifySignature(signed, header, key, issuer);
		checkTimes(claims, issuer, now);
		checkAudience(claims, issuer);
		if (claims.getSubject() == null || claims.getSubject().isBlank()) {
			throw new IdentityRejectedException("The token has no sub (subject) claim");
		}
		return new VerifiedToken(issuer, claims.getSubject(), claims.getClaims(),
				claims.getExpirationTime().toInstant());
	}

	private static SignedJWT parse(String token) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(token);
		}
		catch (ParseException ex) {
			throw new IdentityRejectedException(
					"The token is not a JWT (a JWS in compact form: header.payload.signature)");
		}
		if (jwt instanceof PlainJWT) {
			throw new IdentityRejectedException(
					"Unsigned token (alg: none) refused: tokens must be signed by their " + "issuer");
		}
		if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
			throw new IdentityRejectedException("Encrypted tokens (JWE) are not accepted: send the signed token");
		}
		return signed;
	}

	private static void verifySignature(SignedJWT signed, JWSHeader header, JWK key, Issuer issuer) {
		try {
			Key publicKey = ((AsymmetricJWK) key).toPublicKey();
			if (!signed.verify(VERIFIERS.createJWSVerifier(header, publicKey))) {
				throw new IdentityRejectedException("Bad signature: the token was not signed by key '" + key.getKeyID()
						+ "' of issuer '" + issuer.name() + "', or was altered after signing");
			}
		}
		catch (JOSEException | ClassCastException ex) {
			throw new IdentityRejectedException("Key '" + key.getKeyID() + "' of issuer '" + issuer.name()
					+ "' cannot verify a " + header.getAlgorithm() + " signature");
		}
	}

	private static void checkTimes(JWTClaimsSet claims, Issuer issuer, Instant now) {
		Duration skew = issuer.clockSkew();
		Date exp = claims.getExpirationTime();
		if (exp == null) {
			throw new IdentityRejectedException("The token has no exp (expiry) claim");
		}
		if (!now.isBefore(exp.toInstant().plus(skew))) {
			throw new IdentityRejectedException("Expired token: exp " + exp.toInstant() + " is past (clock skew "
					+ skew.toSeconds() + " s); the workload should read its token file again");
		}
		Date nbf = claims.getNotBeforeTime();
		if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) {
			throw new IdentityRejectedException("Token not valid yet: nbf " + nbf.toInstant() + " is in the future "
					+ "(clock skew " + skew.toSeconds() + " s)");
		}
		Date iat = claims.getIssueTime();
		if (iat != null && now.isBefore(iat.toInstant().minus(skew))) {
			throw new IdentityRejectedException(
					"Token issued in the future: iat " + iat.toInstant() + " (clock skew " + skew.toSeconds() + " s)");
		}
		Instant start = (iat != null) ? iat.toInstant() : (nbf != null) ? nbf.toInstant() : now;
		Duration lifetime = Duration.between(start, exp.toInstant());
		if (lifetime.compareTo(issuer.maxTokenLifetime()) > 0) {
			throw new IdentityRejectedException("Token lifetime too long: exp - iat is " + lifetime.toSeconds()
					+ " s, over the " + issuer.maxTokenLifetime().toSeconds() + " s maxTokenLifetime of issuer '"
					+ issuer.name() + "'");
		}
	}

	private static void checkAudience(JWTClaimsSet claims, Issuer issuer) {
		List<String> audiences = claims.getAudience();
		if (audiences.stream().noneMatch(issuer.audiences()::contains)) {
			throw new IdentityRejectedException("Wrong audience: the token is for "
					+ (audiences.isEmpty() ? "no audience"
							: audiences.stream().limit(5).map(TokenVerifier::shorten).toList())
					+ ", issuer '" + issuer.name() + "' tokens must be for one of " + issuer.audiences());
		}
	}

	private static String shorten(String value) {
		return (value.length() > 100) ? value.substring(0, 100) + "…" : value;
	}

}
