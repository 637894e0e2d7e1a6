package dev.credbroker.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.credbroker.identity.ProvedWorkload;

class RememberedTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private static final ProvedWorkload BILLING = new ProvedWorkload("billing", "oidc:cluster:billing");

	private static final ProvedWorkload REPORTS = new ProvedWorkload("reports", "oidc:cluster:reports");

	@Test
	void aTokenIsFoundUntilItsExpiryAndNotAfter() {
		RememberedTokens tokens = new RememberedTokens(10);
		tokens.remember("h1", BILLING, NOW.plusSeconds(60), NOW);

		assertThat(tokens.find("h1", NOW.plusSeconds(59))).isEqualTo(BILLING);
		assertThat(tokens.find("h1", NOW.plusSeconds(60))).isNull();
		assertThat(tokens.find("h2", NOW)).isNull();
	}

	@Test
	void sweepingDropsOnlyExpiredTokens() {
		RememberedTokens tokens = new RememberedTokens(10);
		tokens.remember("short", BILLING, NOW.plusSeconds(10), NOW);
		tokens.remember("long", REPORTS, NOW.plusSeconds(3600), NOW);

		tokens.forgetExpired(NOW.plusSeconds(10));

		assertThat(tokens.size()).isEqualTo(1);
		assertThat(tokens.find("long", NOW.plusSeconds(10))).isEqualTo(REPORTS);
	}

	@Test
	void whenFullExpiredTokensMakeRoomFirst() {
		RememberedTokens tokens = new RememberedTokens(2);
		tokens.remember("expired", BILLING, NOW.plusSeconds(1), NOW);
		tokens.remember("live", REPORTS, NOW.plusSeconds(3600), NOW);

		Instant later = NOW.plus(Duration.ofMinutes(1));
		tokens.remember("new", BILLING, later.plusSeconds(3600), later);

		assertThat(tokens.size()).isEqualTo(2);
		assertThat(tokens.find("live", later)).isEqualTo(REPORTS);
		assertThat(tokens.find("new", later)).isEqualTo(BILLING);
	}

	@Test
	void whenFullOfLiveTokensOneIsForgottenAndTheBoundHolds() {
		RememberedTokens tokens = new RememberedTokens(3);
		for (int i = 0; i < 50; i++) {
			tokens.remember("h" + i, BILLING, NOW.plusSeconds(3600), NOW);
			assertThat(tokens.size()).isLessThanOrEqualTo(3);
		}

		assertThat(tokens.size()).isEqualTo(3);
		assertThat(tokens.find("h49", NOW)).isEqualTo(BILLING);
	}

	@Test
	void rememberingATokenAgainWhenFullForgetsNoOther() {
		RememberedTokens tokens = new RememberedTokens(2);
		tokens.remember("a", BILLING, NOW.plusSeconds(3600), NOW);
		tokens.remember("b", REPORTS, NOW.plusSeconds(3600), NOW);

		tokens.remember("a", BILLING, NOW.plusSeconds(7200), NOW);

		assertThat(tokens.find("a", NOW.plusSeconds(5000))).isEqualTo(BILLING);
		assertThat(tokens.find("b", NOW)).isEqualTo(REPORTS);
	}

	@Test
	void aCapacityOfZeroRemembersNothing() {
		RememberedTokens tokens = new RememberedTokens(0);
		tokens.remember("a", BILLING, NOW.plusSeconds(3600), NOW);

		assertThat(tokens.find("a", NOW)).isNull();
		assertThat(tokens.size()).isZero();
	}

	@Test
	void forgettingOneOrAll() {
		RememberedTokens tokens = new RememberedTokens(10);
		tokens.remember("a", BILLING, NOW.plusSeconds(3600), NOW);
		tokens.remember("b", REPORTS, NOW.plusSeconds(3600), NOW);

		tokens.forget("a");
		assertThat(tokens.find("a", NOW)).isNull();
		assertThat(tokens.find("b", NOW)).isEqualTo(REPORTS);

		tokens.forgetAll();
		assertThat(tokens.size()).isZero();
	}

}
