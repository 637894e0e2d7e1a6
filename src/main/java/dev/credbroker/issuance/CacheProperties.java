package dev.credbroker.issuance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The issued-credentials cache.
 *
 * @param maximumSize the most cached entries (one per workload and recipe version)
 * @param minRemaining while STS is healthy, every answer has at least this much life left
 * @param serveMargin while STS fails, cached credentials are served until this long
 * before they expire
 * @param renewBefore credentials are renewed once less than this, or less than half their
 * lifetime, remains
 * @param renewalSweep how often active entries due for renewal are renewed without
 * waiting for a request
 * @param renewalRetry the least time between two renewal attempts of one entry while STS
 * fails
 * @param rejectionTtl how long an STS refusal of a recipe is remembered, so that SDK
 * retries do not hammer STS
 */
@ConfigurationProperties("credbroker.cache")
public record CacheProperties(@DefaultValue("10000") long maximumSize, @DefaultValue("20m") Duration minRemaining,
		@DefaultValue("5m") Duration serveMargin, @DefaultValue("30m") Duration renewBefore,
		@DefaultValue("15s") Duration renewalSweep, @DefaultValue("10s") Duration renewalRetry,
		@DefaultValue("10s") Duration rejectionTtl) {
}
