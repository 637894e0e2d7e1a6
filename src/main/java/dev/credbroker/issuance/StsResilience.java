package dev.credbroker.issuance;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** The state of the policies around STS calls, for health reporting. */
public interface StsResilience {

	/** The breaker of the default region ({@code credbroker.sts.region}). */
	CircuitBreaker circuitBreaker();

	/**
	 * One breaker per STS region called so far (the default region always), by region:
	 * each stops calling its regional endpoint during an outage of it.
	 */
	Map<String, CircuitBreaker> circuitBreakers();

}
