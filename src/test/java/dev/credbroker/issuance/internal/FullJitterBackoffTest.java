package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.credbroker.issuance.StsProperties;

class FullJitterBackoffTest {

	@Test
	void ceilingsDoubleFromTheInitialIntervalAndCapAtTheMaximum() {
		FullJitterBackoff backoff = new FullJitterBackoff(100, 2.0, 1000, (bound) -> bound);

		assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
		assertThat(backoff.ceilingMillis(2)).isEqualTo(200);
		assertThat(backoff.ceilingMillis(3)).isEqualTo(400);
		assertThat(backoff.ceilingMillis(4)).isEqualTo(800);
		assertThat(backoff.ceilingMillis(5)).isEqualTo(1000);
		assertThat(backoff.ceilingMillis(60)).isEqualTo(1000);
		assertThat(backoff.ceilingMillis(10_000)).as("no overflow").isEqualTo(1000);
	}

	@Test
	void withARandomFunctionReturningTheBoundDelaysGrow() {
		FullJitterBackoff backoff = new FullJitterBackoff(100, 2.0, 1000, (bound) -> bound);

		assertThat(backoff.apply(1)).isEqualTo(100);
		assertThat(backoff.apply(2)).isEqualTo(200);
		assertThat(backoff.apply(3)).isEqualTo(400);
		assertThat(backoff.apply(4)).isEqualTo(800);
		assertThat(backoff.apply(5)).isEqualTo(1000);
	}

	@Test
	void withARandomFunctionReturningZeroThereIsNoWait() {
		FullJitterBackoff backoff = new FullJitterBackoff(100, 2.0, 1000, (bound) -> 0);

		assertThat(backoff.apply(3)).isZero();
	}

	@Test
	void realJitterStaysWithinZeroAndTheCeilingAndSpreads() {
		FullJitterBackoff backoff = new FullJitterBackoff(
				new StsProperties.Retry(6, Duration.ofMillis(50), 3.0, Duration.ofMillis(2000)));
		for (int attempt = 1; attempt <= 6; attempt++) {
			long ceiling = backoff.ceilingMillis(attempt);
			Set<Long> seen = new HashSet<>();
			for (int i = 0; i < 2000; i++) {
				long delay = backoff.apply(attempt);
				assertThat(delay).isBetween(0L, ceiling);
				seen.add(delay);
			}
			assertThat(seen).as("full jitter over [0, %d]", ceiling).hasSizeGreaterThan(10);
			assertThat(seen.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThan(ceiling / 10 + 1);
			assertThat(seen.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThan(ceiling * 9 / 10);
		}
		assertThat(backoff.ceilingMillis(1)).isEqualTo(50);
		assertThat(backoff.ceilingMillis(2)).isEqualTo(150);
		assertThat(backoff.ceilingMillis(3)).isEqualTo(450);
		assertThat(backoff.ceilingMillis(4)).isEqualTo(1350);
		assertThat(backoff.ceilingMillis(5)).isEqualTo(2000);
	}

}
