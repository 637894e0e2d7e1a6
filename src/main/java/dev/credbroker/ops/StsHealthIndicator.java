package dev.credbroker.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.credbroker.issuance.StsResilience;

/**
 * The STS circuit breaker: DOWN while it is open (STS failing), UNKNOWN while half-open.
 * Not part of readiness: a broker that cannot reach STS still serves cached credentials,
 * so taking it out of rotation would make things worse.
 */
@Component("sts")
class StsHealthIndicator implements HealthIndicator {

	private final StsResilience sts;

	StsHealthIndicator(StsResilience sts) {
		this.sts = sts;
	}

	@Override
	public Health health() {
		CircuitBreaker breaker = this.sts.circuitBreaker();
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		Health.Builder builder = switch (breaker.getState()) {
			case OPEN, FORCED_OPEN -> Health.down();
			case HALF_OPEN -> Health.unknown();
			default -> Health.up();
		};
		return builder.withDetail("circuitBreaker", breaker.getState().name())
			.withDetail("failureRate", metrics.getFailureRate())
			.withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
			.build();
	}

}
