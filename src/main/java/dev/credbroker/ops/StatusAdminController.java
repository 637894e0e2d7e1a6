package dev.credbroker.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.credbroker.issuance.StsResilience;

/**
 * {@code GET /admin/v1/status}: readiness, the store and each STS region's circuit
 * breaker, read-only. The same facts as the Actuator health details, but under the admin
 * API, so that the operator console reaches them on the admin port too (Actuator is not
 * served there).
 */
@RestController
class StatusAdminController {

	private final ApplicationAvailability availability;

	private final StoreHealthIndicator store;

	private final StsResilience sts;

	StatusAdminController(ApplicationAvailability availability, StoreHealthIndicator store, StsResilience sts) {
		this.availability = availability;
		this.store = store;
		this.sts = sts;
	}

	@GetMapping("/admin/v1/status")
	BrokerStatus status() {
		Map<String, String> circuits = new LinkedHashMap<>();
		for (Map.Entry<String, CircuitBreaker> region : this.sts.circuitBreakers().entrySet()) {
			circuits.put(region.getKey(), region.getValue().getState().name());
		}
		return new BrokerStatus(this.availability.getReadinessState().name(),
				this.availability.getLivenessState().name(), this.store.health().getStatus().getCode(), circuits);
	}

	/**
	 * @param readiness {@code ACCEPTING_TRAFFIC} or {@code REFUSING_TRAFFIC}
	 * @param liveness {@code CORRECT} or {@code BROKEN}
	 * @param store {@code UP}, {@code DOWN} or {@code UNKNOWN} (not checked yet)
	 * @param stsCircuits each STS region's circuit breaker: {@code CLOSED} (calls go
	 * through), {@code OPEN} (STS failing, calls refused at once), {@code HALF_OPEN}
	 * (trying again)
	 */
	record BrokerStatus(String readiness, String liveness, String store, Map<String, String> stsCircuits) {
	}

}
