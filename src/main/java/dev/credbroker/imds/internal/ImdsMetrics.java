package dev.credbroker.imds.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Requests on the IMDS listeners by outcome. */
class ImdsMetrics {

	final Counter credentials;

	final Counter token;

	final Counter metadata;

	final Counter unauthorized;

	final Counter refused;

	final Counter notFound;

	final Counter rejected;

	final Counter unavailable;

	ImdsMetrics(MeterRegistry registry) {
		this.credentials = counter(registry, "credentials");
		this.token = counter(registry, "token");
		this.metadata = counter(registry, "metadata");
		this.unauthorized = counter(registry, "unauthorized");
		this.refused = counter(registry, "refused");
		this.notFound = counter(registry, "not_found");
		this.rejected = counter(registry, "upstream_rejected");
		this.unavailable = counter(registry, "unavailable");
	}

	private static Counter counter(MeterRegistry registry, String outcome) {
		return Counter.builder("credbroker.imds.requests")
			.description("Requests on the IMDS listeners by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

}
