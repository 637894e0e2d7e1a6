package dev.credbroker.issuance;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** The state of the policies around STS calls, for health reporting. */
public interface StsResilience {

	/** The breaker that stops calling STS during an outage. */
	CircuitBreaker circuitBreaker();

}
