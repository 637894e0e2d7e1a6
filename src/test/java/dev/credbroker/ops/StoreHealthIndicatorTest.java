package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.credbroker.testsupport.MutableClock;

/**
 * The store check answers the last background result at once, logs the start and the end
 * of an outage once each, and counts a check that hangs as DOWN.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreHealthIndicatorTest {

	private final SwitchableStore store = new SwitchableStore();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private StoreHealthIndicator indicator;

	private Connection keepAlive;

	@BeforeEach
	void createStore() throws SQLException {
		this.keepAlive = this.store.getConnection();
		try (Statement statement = this.keepAlive.createStatement()) {
			statement.execute("CREATE TABLE workloads (name VARCHAR(64))");
			statement.execute("INSERT INTO workloads VALUES ('app')");
		}
		this.indicator = new StoreHealthIndicator(this.store, this.clock, this.meters, Duration.ofSeconds(1),
				new dev.credbroker.common.StoreAvailability());
	}

	@AfterEach
	void closeStore() throws SQLException {
		this.store.release.countDown();
		this.indicator.stopChecking();
		this.keepAlive.close();
	}

	@Test
	void anOutageIsDownWithTheGaugeAtZeroAndLoggedOnceAtItsStartWarnAndOnceAtItsEndInfo(CapturedOutput output) {
		this.indicator.check();
		assertThat(this.indicator.health().getStatus().getCode()).isEqualTo("UP");
		assertThat(gauge()).isEqualTo(1);

		this.store.failing = true;
		this.indicator.check();
		this.indicator.check();
		this.indicator.check();
		assertThat(this.indicator.health().getStatus().getCode()).isEqualTo("DOWN");
		assertThat(this.indicator.isDown()).isTrue();
		assertThat(gauge()).isEqualTo(0);

		this.store.failing = false;
		this.indicator.check();
		this.indicator.check();
		assertThat(this.indicator.health().getStatus().getCode()).isEqualTo("UP");
		assertThat(gauge()).isEqualTo(1);
		assertThat(output.getOut().lines().filter((line) -> line.contains("The store is unreachable (")))
			.singleElement()
			.asString()
			.contains(" WARN ");
		assertThat(output.getOut().lines().filter((line) -> line.contains("The store is reachable again after")))
			.singleElement()
			.asString()
			.contains(" INFO ");
	}

	@Test
	void aCheckThatHangsCountsAsDownOnceItHasNotAnsweredForTheStallLimit() {
		this.indicator.check();
		this.store.hanging = true;
		CompletableFuture<Void> hanging = CompletableFuture.runAsync(this.indicator::check);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.entered.getCount() == 0);

		assertThat(this.indicator.health().getStatus().getCode()).as("within the limit: the last result")
			.isEqualTo("UP");
		this.clock.advance(StoreHealthIndicator.STALL_LIMIT.plusSeconds(1));
		assertThat(this.indicator.health().getStatus().getCode()).isEqualTo("DOWN");
		assertThat(this.indicator.health().getDetails().get("error").toString()).contains("has not answered for 4 s");
		assertThat(gauge()).isEqualTo(0);

		this.store.release.countDown();
		hanging.join();
	}

	private double gauge() {
		return this.meters.get("credbroker.store.up").gauge().value();
	}

	private static final class SwitchableStore extends DelegatingDataSource {

		volatile boolean failing;

		volatile boolean hanging;

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		SwitchableStore() {
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:" + UUID.randomUUID());
			setTargetDataSource(h2);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.hanging) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (this.failing) {
				throw new SQLException("Connection refused", "08001");
			}
			return super.getConnection();
		}

	}

}
