package dev.credbroker.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The start-up warm-up of the miss path: before readiness goes up, synthetic issuances
 * run through the real endpoint (HTTP, the endpoint filter, the issued-credentials cache,
 * the STS client, the answer write) against a fake STS inside the process, so that the
 * JIT has compiled that path before the first real burst of new workloads. No real STS
 * call is made; nothing is cached, audited or counted in the broker's metrics.
 *
 * @param enabled whether the warm-up runs
 * @param issuances synthetic workloads issued for, in bursts of up to 100
 * @param clientsPerWorkload requests per synthetic workload, all at once (concurrent
 * misses sharing one issuance, as SDKs starting together do)
 */
@ConfigurationProperties("credbroker.endpoint.warm-up")
public record EndpointWarmUpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("300") int issuances,
		@DefaultValue("4") int clientsPerWorkload) {

	public EndpointWarmUpProperties {
		if (issuances < 0) {
			throw new IllegalArgumentException("credbroker.endpoint.warm-up.issuances must not be negative");
		}
		if (clientsPerWorkload < 1) {
			throw new IllegalArgumentException("credbroker.endpoint.warm-up.clients-per-workload must be at least 1");
		}
	}

}
