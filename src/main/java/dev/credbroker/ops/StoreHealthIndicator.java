package dev.credbroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.credbroker.common.StoreAvailability;

/**
 * The store answers a query on the broker's own schema. Not part of the readiness group:
 * a replica keeps serving the credentials it holds through a store outage, so it must
 * stay in the Service.
 * <p>
 * The check runs in the background (every {@code credbroker.store.health-interval}, 1 s
 * by default, each query bounded by a 1 s timeout and the pool's connection timeout), and
 * {@link #health()} answers the last result at once, whatever the store does. A check
 * that has not answered for {@link #STALL_LIMIT} counts as DOWN. The start of an outage
 * is logged once (WARN) and its end once (INFO), and {@code credbroker.store.up} is 1 or
 * 0.
 */
@Component("store")
class StoreHealthIndicator implements HealthIndicator {

	static final Duration STALL_LIMIT = Duration.ofSeconds(3);

	private static final Logger log = LoggerFactory.getLogger(StoreHealthIndicator.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration interval;

	private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "store-health");
		thread.setDaemon(true);
		return thread;
	});

	private final StoreAvailability availability;

	private volatile Health last = Health.unknown().withDetail("reason", "not checked yet").build();

	private volatile Instant checkStartedAt;

	private volatile Instant downSince;

	StoreHealthIndicator(DataSource dataSource, Clock clock, MeterRegistry meters,
			@Value("${credbroker.store.health-interval:1s}") Duration interval, StoreAvailability availability) {
		this.availability = availability;
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout(1);
		this.clock = clock;
		this.interval = interval;
		Gauge.builder("credbroker.store.up", this, (indicator) -> indicator.isUp() ? 1 : 0)
			.description("1 while the store answers, 0 during a store outage")
			.register(meters);
	}

	@EventListener(ApplicationReadyEvent.class)
	void startChecking() {
		check();
		this.checker.scheduleWithFixedDelay(this::check, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@PreDestroy
	void stopChecking() {
		this.checker.shutdownNow();
	}

	@Override
	public Health health() {
		Instant started = this.checkStartedAt;
		if (started != null) {
			Duration waiting = Duration.between(started, this.clock.instant());
			if (waiting.compareTo(STALL_LIMIT) > 0) {
				return Health.down()
					.withDetail("error", "the store has not answered for " + waiting.toSeconds() + " s")
					.build();
			}
		}
		return this.last;
	}

	boolean isUp() {
		return "UP".equals(health().getStatus().getCode());
	}

	boolean isDown() {
		return "DOWN".equals(health().getStatus().getCode());
	}

	void check() {
		this.checkStartedAt = this.clock.instant();
		try {
			Integer workloads = this.jdbc.queryForObject("SELECT COUNT(*) FROM workloads", Integer.class);
			this.last = Health.up().withDetail("workloads", workloads).build();
			this.checkStartedAt = null;
			this.availability.reportReachable();
			if (this.downSince != null) {
				log.info("The store is reachable again after {} s; admin writes are accepted again",
						Duration.between(this.downSince, this.clock.instant()).toSeconds());
				this.downSince = null;
			}
		}
		catch (RuntimeException ex) {
			this.last = Health.down().withDetail("error", "The store is unreachable").build();
			this.checkStartedAt = null;
			this.availability.reportUnreachable();
			if (this.downSince == null) {
				this.downSince = this.clock.instant();
				log.warn("The store is unreachable ({}); cached credentials are still served, admin writes "
						+ "answer 503 until it is back", ex.getClass().getSimpleName());
			}
		}
	}

}
