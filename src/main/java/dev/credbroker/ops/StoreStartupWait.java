package dev.credbroker.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Start-up waits for a store that does not answer yet (PostgreSQL starting next to the
 * broker, a network blip) instead of failing with a stack trace and being restarted in a
 * loop: one line per attempt, every {@link #RETRY_EVERY}, up to
 * {@code credbroker.store.startup-wait} (5 minutes by default). The embedded H2 store is
 * not waited for.
 */
@Component
class StoreStartupWait implements BeanPostProcessor {

	static final Duration RETRY_EVERY = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(StoreStartupWait.class);

	private final Environment environment;

	StoreStartupWait(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
				&& !dataSource.getJdbcUrl().startsWith("jdbc:h2:")) {
			PatientConnections.install(dataSource);
			waitFor(dataSource, this.environment.getProperty("credbroker.store.startup-wait", Duration.class,
					Duration.ofMinutes(5)));
		}
		return bean;
	}

	private static void waitFor(HikariDataSource dataSource, Duration atMost) {
		String store = JdbcUrls.describeStore(dataSource.getJdbcUrl());
		long started = System.nanoTime();
		while (true) {
			try (Connection connection = dataSource.getConnection()) {
				if (System.nanoTime() - started > RETRY_EVERY.toNanos()) {
					log.info("The store at {} answers; starting", store);
				}
				return;
			}
			catch (SQLException | RuntimeException ex) {
				Duration waited = Duration.ofNanos(System.nanoTime() - started);
				String reason = NestedExceptionUtils.getMostSpecificCause(ex).getMessage();
				if (waited.compareTo(atMost) >= 0) {
					throw new IllegalStateException("The store at " + store + " did not answer within "
							+ atMost.toSeconds() + " s (credbroker.store.startup-wait): " + reason);
				}
				log.warn("Waiting for the store at {} ({} s so far, up to {} s): {}", store, waited.toSeconds(),
						atMost.toSeconds(), reason);
			}
			try {
				Thread.sleep(RETRY_EVERY.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the store at " + store);
			}
		}
	}

}
