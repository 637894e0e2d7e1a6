package dev.credbroker.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.identity.IdentityRejectedException;
import dev.credbroker.testsupport.OidcTestIssuer;

/**
 * An issuer's keys against a real (test) issuer over https, with a clock of the test's:
 * fetched once, fetched again for an unknown {@code kid} at most once per interval, kept
 * while the issuer is down, and fetched with the bearer token the file holds at that
 * moment.
 */
class IssuerKeysIT {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private OidcTestIssuer server;

	private final AtomicLong nanos = new AtomicLong();

	@BeforeEach
	void start() {
		this.server = OidcTestIssuer.start(this.dir);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void anUnknownKidFetchesTheKeysAgainAtMostOncePerInterval() {
		IssuerKeys keys = keys(null);
		assertThat(keys.keyFor("rsa-1", JWSAlgorithm.RS256).getKeyID()).isEqualTo("rsa-1");
		assertThat(keys.keyFor("ec-1", JWSAlgorithm.ES256).getKeyID()).isEqualTo("ec-1");
		assertThat(this.server.keyFetches()).isEqualTo(1);
		assertThat(this.server.discoveryFetches()).isEqualTo(1);

		String rotated = this.server.rotateKey();
		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> keys.keyFor(rotated, JWSAlgorithm.RS256))
				.isInstanceOf(IdentityRejectedException.class)
				.hasMessageContaining("Unknown key id (kid) '" + rotated + "'");
		}
		this.nanos.addAndGet(INTERVAL.minusSeconds(1).toNanos());
		assertThatThrownBy(() -> keys.keyFor(rotated, JWSAlgorithm.RS256));
		assertThat(this.server.keyFetches()).isEqualTo(1);

		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(keys.keyFor(rotated, JWSAlgorithm.RS256).getKeyID()).isEqualTo(rotated);
		assertThat(this.server.keyFetches()).isEqualTo(2);
	}

	@Test
	void whileTheIssuerIsDownTheKeysFetchedBeforeKeepValidating() {
		IssuerKeys keys = keys(null);
		keys.keyFor("rsa-1", JWSAlgorithm.RS256);
		this.server.goDown();
		this.nanos.addAndGet(INTERVAL.plusSeconds(1).toNanos());
		assertThatThrownBy(() -> keys.keyFor("rsa-9", JWSAlgorithm.RS256)).hasMessageContaining("Unknown key id");
		// tried (discovery answered 503), and the keys from before are kept
		assertThat(this.server.discoveryFetches()).isEqualTo(2);
		assertThat(keys.keyFor("rsa-1", JWSAlgorithm.RS256).getKeyID()).isEqualTo("rsa-1");
		assertThat(keys.keyFor("ec-1", JWSAlgorithm.ES256).getKeyID()).isEqualTo("ec-1");
	}

	@Test
	void anIssuerNeverReachedRefusesNamingWhy() {
		this.server.goDown();
		IssuerKeys keys = keys(null);
		assertThatThrownBy(() -> keys.keyFor("rsa-1", JWSAlgorithm.RS256))
			.hasMessageContaining("The keys of issuer 'test' cannot be fetched")
			.hasMessageContaining("503");
	}

	@Test
	void theBearerTokenFileIsReadAgainAtEachFetch() throws Exception {
		Path token = Files.writeString(this.dir.resolve("token"), "first\n");
		this.server.requireBearer("first");
		IssuerKeys keys = keys(token.toString());
		keys.keyFor("rsa-1", JWSAlgorithm.RS256);
		assertThat(this.server.lastAuthorization()).isEqualTo("Bearer first");

		Files.writeString(token, "second");
		this.server.requireBearer("second");
		String rotated = this.server.rotateKey();
		this.nanos.addAndGet(INTERVAL.toNanos());
		assertThat(keys.keyFor(rotated, JWSAlgorithm.RS256).getKeyID()).isEqualTo(rotated);
		assertThat(this.server.lastAuthorization()).isEqualTo("Bearer second");
	}

	@Test
	void withoutTheIssuersCaTheHandshakeFails() {
		Issuer untrusted = issuer(null, null);
		IssuerKeys keys = new IssuerKeys(untrusted, INTERVAL, Duration.ofSeconds(5), this.nanos::get);
		assertThatThrownBy(() -> keys.keyFor("rsa-1", JWSAlgorithm.RS256))
			.hasMessageContaining("The keys of issuer 'test' cannot be fetched: TLS trust failed")
			.hasMessageContaining("the JVM's default trust store");
		assertThat(this.server.discoveryFetches()).isZero();
	}

	@Test
	void withAnotherCaThanTheIssuersTheHandshakeFailsNamingTheCaCertificate(@TempDir Path otherDir) {
		try (OidcTestIssuer other = OidcTestIssuer.start(otherDir)) {
			IssuerKeys keys = new IssuerKeys(issuer(other.caPem(), null), INTERVAL, Duration.ofSeconds(5),
					this.nanos::get);
			assertThatThrownBy(() -> keys.keyFor("rsa-1", JWSAlgorithm.RS256))
				.hasMessageContaining("The keys of issuer 'test' cannot be fetched: TLS trust failed")
				.hasMessageContaining("not signed by the issuer's caCertificate");
		}
		assertThat(this.server.discoveryFetches()).isZero();
	}

	@Test
	void aKidOfAKeyOfAnotherTypeIsRefusedNamingBothWithoutFetchingAgain() {
		IssuerKeys keys = keys(null);
		assertThatThrownBy(() -> keys.keyFor("rsa-1", JWSAlgorithm.ES256))
			.hasMessage("Key 'rsa-1' of issuer 'test' is an RSA key: it cannot verify ES256 signatures "
					+ "(the token's header names the wrong kid or alg)");
		assertThatThrownBy(() -> keys.keyFor("ec-1", JWSAlgorithm.PS256))
			.hasMessageContaining("Key 'ec-1' of issuer 'test' is an EC key: it cannot verify PS256 signatures");
		assertThat(this.server.keyFetches()).isEqualTo(1);
	}

	private IssuerKeys keys(String bearerTokenFile) {
		return new IssuerKeys(issuer(this.server.caPem(), bearerTokenFile), INTERVAL, Duration.ofSeconds(5),
				this.nanos::get);
	}

	private Issuer issuer(String ca, String bearerTokenFile) {
		return new Issuer("test", this.server.issuer(), null, List.of(OidcTestIssuer.AUDIENCE), ca, bearerTokenFile,
				List.of("RS256", "ES256"), Duration.ofSeconds(60), Duration.ofHours(24), "api", 1, Instant.now(),
				Instant.now());
	}

}
