package dev.credbroker.ops;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/**
	 * DOWN while any region's breaker is open, UNKNOWN while one is half-open. Details:
	 * the default region's breaker as {@code circuitBreaker}, and every region's state.
	 */
	@Override
	public Health health() {
		CircuitBreaker breaker = this.sts.circuitBreaker();
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		Map<String, String> regions = new LinkedHashMap<>();
		CircuitBreaker.State worst = CircuitBreaker.State.CLOSED;
		for (Map.Entry<String, CircuitBreaker> region : this.sts.circuitBreakers().entrySet()) {
			CircuitBreaker.State state = region.getValue().getState();
			regions.put(region.getKey(), state.name());
			worst = worse(worst, state);
		}
		Health.Builder builder = switch (worst) {
			case OPEN, FORCED_OPEN -> Health.down();
			case HALF_OPEN -> Health.unknown();
			default -> Health.up();
		};
		return builder.withDetail("circuitBreaker", breaker.getState().name())
			.withDetail("failureRate", metrics.getFailureRate())
			.withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
			.withDetail("regions", regions)
			.build();
	}

	private static CircuitBreaker.State worse(CircuitBreaker.State a, CircuitBreaker.State b) {
		return (rank(b) > rank(a)) ? b : a;
	}

	private static int rank(CircuitBreaker.State state) {
		return switch (state) {
			case OPEN, FORCED_OPEN -> 2;
			case HALF_OPEN -> 1;
			default -> 0;
		};
	}

}
