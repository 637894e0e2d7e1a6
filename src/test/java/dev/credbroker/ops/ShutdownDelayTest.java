package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;

class ShutdownDelayTest {

	private final List<Long> slept = new ArrayList<>();

	@Test
	void stoppingWaitsTheDelayBeforeAnythingElseStops() {
		ShutdownDelay delay = new ShutdownDelay(Duration.ofSeconds(5), this.slept::add);
		delay.start();

		delay.stop();

		assertThat(this.slept).containsExactly(5_000L);
		assertThat(delay.isRunning()).isFalse();
		assertThat(delay.getPhase()).as("stops before the web server's graceful shutdown")
			.isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
	}

	@Test
	void zeroTurnsItOff() {
		ShutdownDelay delay = new ShutdownDelay(Duration.ZERO, this.slept::add);

		delay.stop();

		assertThat(this.slept).isEmpty();
	}

}
