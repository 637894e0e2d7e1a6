package dev.credbroker.endpoint.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests on the container endpoint by outcome; counters resolved once, so the hot path
 * only increments.
 */
class EndpointMetrics {

	final Counter ok;

	final Counter unauthorized;

	final Counter identityRejected;

	final Counter disabled;

	final Counter throttled;

	final Counter rejected;

	final Counter unavailable;

	final Counter shed;

	EndpointMetrics(MeterRegistry registry, WaitingRequests waiting) {
		this.ok = counter(registry, "ok");
		this.unauthorized = counter(registry, "unauthorized");
		this.identityRejected = counter(registry, "oidc_rejected");
		this.disabled = counter(registry, "disabled");
		this.throttled = counter(registry, "throttled");
		this.rejected = counter(registry, "upstream_rejected");
		this.unavailable = counter(registry, "unavailable");
		this.shed = counter(registry, "too_many_waiting");
		Gauge.builder("credbroker.endpoint.waiting", waiting, WaitingRequests::count)
			.description("Requests waiting for credentials from STS")
			.register(registry);
	}

	private static Counter counter(MeterRegistry registry, String outcome) {
		return Counter.builder("credbroker.endpoint.requests")
			.description("Requests on the container credentials endpoint by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

}
