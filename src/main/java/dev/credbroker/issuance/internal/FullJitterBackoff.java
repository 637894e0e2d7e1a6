package dev.credbroker.issuance.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import io.github.resilience4j.core.IntervalFunction;

import dev.credbroker.issuance.StsProperties;

/**
 * Exponential backoff with full jitter: before attempt n+1 wait a uniformly random time
 * in {@code [0, min(max, initial * multiplier^(n-1))]}, so that many brokers (or
 * workloads) retrying together spread out.
 */
final class FullJitterBackoff implements IntervalFunction {

	private final long initialMillis;

	private final double multiplier;

	private final long maxMillis;

	private final LongUnaryOperator random;

	FullJitterBackoff(StsProperties.Retry retry) {
		this(retry.initialInterval().toMillis(), retry.multiplier(), retry.maxInterval().toMillis(),
				(bound) -> ThreadLocalRandom.current().nextLong(bound + 1));
	}

	/**
	 * @param random given a bound, returns a value in {@code [0, bound]}
	 */
	FullJitterBackoff(long initialMillis, double multiplier, long maxMillis, LongUnaryOperator random) {
		this.initialMillis = initialMillis;
		this.multiplier = multiplier;
		this.maxMillis = maxMillis;
		this.random = random;
	}

	/** The upper bound of the wait after the given (1-based) failed attempt. */
	long ceilingMillis(int attempt) {
		double ceiling = this.initialMillis * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		return (long) Math.min(this.maxMillis, ceiling);
	}

	@Override
	public Long apply(Integer attempt) {
		return this.random.applyAsLong(ceilingMillis(attempt));
	}

}
