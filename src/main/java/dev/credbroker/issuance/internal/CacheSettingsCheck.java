package dev.credbroker.issuance.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.workload.WorkloadProperties;

/**
 * Refuses to start with cache settings that contradict each other, instead of failing
 * quietly later: credentials served inside the serve margin, entries never renewed before
 * they go stale, or a recipe that can never be fresh.
 * <ul>
 * <li>{@code serve-margin < min-remaining}: fresh credentials are servable;</li>
 * <li>{@code min-remaining < renew-before}: renewal starts before an entry goes
 * stale;</li>
 * <li>{@code min-remaining < workloads.min-duration}: the shortest recipe is fresh when
 * issued;</li>
 * <li>{@code renewal-sweep} and {@code renewal-retry} shorter than the renewal window of
 * the shortest recipe ({@code (min-duration - min-remaining) / 2}): at least one renewal
 * attempt fits in it.</li>
 * </ul>
 */
@Component
class CacheSettingsCheck {

	CacheSettingsCheck(CacheProperties cache, WorkloadProperties workloads) {
		List<String> problems = problems(cache, workloads.minDuration());
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Inconsistent cache settings: " + String.join("; ", problems));
		}
	}

	static List<String> problems(CacheProperties cache, Duration minDuration) {
		List<String> problems = new ArrayList<>();
		requireShorter(problems, "credbroker.cache.serve-margin", cache.serveMargin(), "credbroker.cache.min-remaining",
				cache.minRemaining(), "else fresh credentials could not be served");
		requireShorter(problems, "credbroker.cache.min-remaining", cache.minRemaining(),
				"credbroker.cache.renew-before", cache.renewBefore(), "else entries go stale before renewal starts");
		requireShorter(problems, "credbroker.cache.min-remaining", cache.minRemaining(),
				"credbroker.workloads.min-duration", minDuration, "else the shortest recipe is never fresh");
		Duration window = minDuration.minus(cache.minRemaining()).dividedBy(2);
		if (!window.isNegative() && !window.isZero()) {
			requireShorter(problems, "credbroker.cache.renewal-sweep", cache.renewalSweep(),
					"the renewal window of the shortest recipe", window, "else it may never be renewed");
			requireShorter(problems, "credbroker.cache.renewal-retry", cache.renewalRetry(),
					"the renewal window of the shortest recipe", window, "else a failed renewal is never retried");
		}
		return problems;
	}

	private static void requireShorter(List<String> problems, String name, Duration value, String otherName,
			Duration other, String why) {
		if (value.compareTo(other) >= 0) {
			problems.add(name + " (" + value.toSeconds() + " s) must be shorter than " + otherName + " ("
					+ other.toSeconds() + " s), " + why);
		}
	}

}
