package dev.credbroker.ops;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The store answers a query on the broker's own schema. Part of the readiness group. */
@Component("store")
class StoreHealthIndicator extends AbstractHealthIndicator {

	private final JdbcClient jdbc;

	StoreHealthIndicator(JdbcClient jdbc) {
		super("The store is unreachable");
		this.jdbc = jdbc;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Integer workloads = this.jdbc.sql("SELECT COUNT(*) FROM workloads").query(Integer.class).single();
		builder.up().withDetail("workloads", workloads);
	}

}
