package dev.credbroker.issuance;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.credbroker.source.Source;

/**
 * How the broker calls STS.
 *
 * @param region the region whose regional STS endpoint is called (sources may name their
 * own)
 * @param endpoint an endpoint override (a VPC endpoint, LocalStack, moto), or none
 * @param connectTimeout how long to wait for a connection to STS
 * @param attemptTimeout how long one attempt may take, so a hung STS never holds a thread
 * for long
 * @param threads threads that run STS calls (and their retries) in the background
 * @param retry retries of throttling, 5xx, timeouts and I/O errors
 * @param circuitBreaker stops calling STS during an outage
 * @param rateLimit the ceiling on the broker's own STS call rate
 */
@ConfigurationProperties("credbroker.sts")
public record StsProperties(@DefaultValue("us-east-1") String region, URI endpoint,
		@DefaultValue("1s") Duration connectTimeout, @DefaultValue("3s") Duration attemptTimeout,
		@DefaultValue("16") int threads, @DefaultValue Retry retry, @DefaultValue CircuitBreaker circuitBreaker,
		@DefaultValue RateLimit rateLimit) {

	/**
	 * The region of the regional STS endpoint a source's calls go to: its own, else
	 * {@link #region()}.
	 */
	public String regionOf(Source source) {
		return (source.region() != null) ? source.region() : this.region;
	}

	/**
	 * The STS endpoint calls for {@code region} go to: the override, else the regional
	 * endpoint ({@code https://sts.us-east-1.amazonaws.com}), for messages and logs.
	 */
	public URI endpointFor(String region) {
		if (this.endpoint != null) {
			return this.endpoint;
		}
		String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
		return URI.create("https://sts." + region + "." + domain);
	}

	/**
	 * Exponential backoff with full jitter: attempt n waits a random time between 0 and
	 * {@code min(maxInterval, initialInterval * multiplier^(n-1))}.
	 *
	 * @param maxAttempts attempts in all, the first included
	 */
	public record Retry(@DefaultValue("4") int maxAttempts, @DefaultValue("200ms") Duration initialInterval,
			@DefaultValue("2.0") double multiplier, @DefaultValue("5s") Duration maxInterval) {
	}

	/**
	 * @param failureRateThreshold percentage of failed calls (5xx, throttling, timeouts)
	 * that opens the breaker
	 * @param slidingWindowSize how many recent calls the rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate counts
	 * @param waitInOpenState how long the breaker stays open before it lets trial calls
	 * through
	 */
	public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("10s") Duration waitInOpenState) {
	}

	/**
	 * @param callsPerSecond the most STS calls the broker makes per second (STS throttles
	 * per account)
	 * @param maxWait how long a call may wait for permission before it counts as
	 * unavailable
	 */
	public record RateLimit(@DefaultValue("25") int callsPerSecond, @DefaultValue("5s") Duration maxWait) {
	}

}
