package dev.credbroker.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.workload.WorkloadProperties;

class CacheSettingsCheckTest {

	private static final Duration MIN_DURATION = Duration.ofMinutes(30);

	@Test
	void theDefaultsAreConsistent() {
		assertThat(CacheSettingsCheck.problems(cache("20m", "5m", "30m", "15s", "10s"), MIN_DURATION)).isEmpty();
	}

	@Test
	void aServeMarginNotShorterThanMinRemainingIsRefused() {
		assertThat(CacheSettingsCheck.problems(cache("20m", "20m", "30m", "15s", "10s"), MIN_DURATION)).singleElement()
			.asString()
			.contains("credbroker.cache.serve-margin (1200 s)", "credbroker.cache.min-remaining (1200 s)");
	}

	@Test
	void minRemainingAboveRenewBeforeIsRefusedBecauseEntriesWouldNeverBeRenewedInTime() {
		assertThat(CacheSettingsCheck.problems(cache("25m", "5m", "20m", "15s", "10s"), MIN_DURATION))
			.anySatisfy((problem) -> assertThat(problem).contains("credbroker.cache.renew-before", "stale"));
	}

	@Test
	void minRemainingNotShorterThanTheShortestRecipeIsRefused() {
		assertThat(CacheSettingsCheck.problems(cache("30m", "5m", "40m", "15s", "10s"), MIN_DURATION))
			.anySatisfy((problem) -> assertThat(problem).contains("credbroker.workloads.min-duration"));
	}

	@Test
	void aSweepOrRetryLongerThanTheRenewalWindowIsRefused() {
		assertThat(CacheSettingsCheck.problems(cache("20m", "5m", "30m", "6m", "6m"), MIN_DURATION)).hasSize(2)
			.allSatisfy((problem) -> assertThat(problem).contains("renewal window", "300 s"));
	}

	@Test
	void startUpFailsNamingEveryProblem() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new CacheSettingsCheck(cache("25m", "25m", "20m", "15s", "10s"),
					new WorkloadProperties(MIN_DURATION, Duration.ofMinutes(5), 3)))
			.withMessageContaining("serve-margin")
			.withMessageContaining("renew-before");
	}

	private static CacheProperties cache(String minRemaining, String serveMargin, String renewBefore, String sweep,
			String retry) {
		return new CacheProperties(10_000, parse(minRemaining), parse(serveMargin), parse(renewBefore), parse(sweep),
				parse(retry), Duration.ofSeconds(10));
	}

	private static Duration parse(String value) {
		return Duration.parse("PT" + value.toUpperCase());
	}

}
