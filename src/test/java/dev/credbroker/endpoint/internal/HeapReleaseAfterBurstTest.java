package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class HeapReleaseAfterBurstTest {

	private static final Duration QUIET = Duration.ofSeconds(10);

	private final WaitingRequests waiting = new WaitingRequests(100);

	private final AtomicInteger collections = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private long now = 1_000_000_000L;

	private final HeapReleaseAfterBurst release = new HeapReleaseAfterBurst(this.waiting, 3, QUIET, () -> this.now,
			this.collections::incrementAndGet, () -> false, this.meters);

	@Test
	void collectsOnceTheBurstHasBeenQuietForThePeriod() {
		burstOf(3);
		tick(Duration.ofSeconds(1));
		tick(QUIET.minusSeconds(1));
		assertThat(this.collections).hasValue(0);

		tick(Duration.ofSeconds(1));
		assertThat(this.collections).hasValue(1);
		assertThat(this.meters.counter("credbroker.endpoint.heap.releases").count()).isEqualTo(1);
	}

	@Test
	void collectsOncePerBurst() {
		burstOf(3);
		tick(Duration.ofSeconds(1));
		tick(QUIET);
		tick(QUIET);
		tick(QUIET);

		assertThat(this.collections).hasValue(1);

		burstOf(4);
		tick(Duration.ofSeconds(1));
		tick(QUIET);
		assertThat(this.collections).hasValue(2);
	}

	@Test
	void aBurstBelowTheThresholdIsLeftAlone() {
		burstOf(2);
		tick(Duration.ofSeconds(1));
		tick(QUIET);
		tick(QUIET);

		assertThat(this.collections).hasValue(0);
	}

	@Test
	void waitsWhileRequestsAreStillWaiting() {
		burstOf(3);
		this.waiting.tryEnter();
		tick(QUIET);
		tick(QUIET);
		assertThat(this.collections).hasValue(0);

		this.waiting.leave();
		tick(Duration.ofSeconds(1));
		tick(QUIET);
		assertThat(this.collections).hasValue(1);
	}

	@Test
	void aRequestThatCameAndWentBetweenTwoChecksRestartsTheQuietPeriod() {
		burstOf(3);
		tick(Duration.ofSeconds(1));
		tick(QUIET.minusSeconds(2));
		burstOf(1);
		tick(Duration.ofSeconds(2));
		assertThat(this.collections).hasValue(0);

		tick(QUIET);
		assertThat(this.collections).hasValue(1);
	}

	@Test
	void afterGivingTheHeapBackItCommitsRoomForTheNextBurst() {
		List<String> steps = new ArrayList<>();
		var release = new HeapReleaseAfterBurst(this.waiting, 3, QUIET, () -> this.now, () -> steps.add("give back"),
				() -> steps.add("room"), new SimpleMeterRegistry());
		burstOf(3);
		this.now += Duration.ofSeconds(1).toNanos();
		release.check();
		this.now += QUIET.toNanos();
		release.check();

		assertThat(steps).containsExactly("give back", "room");
	}

	@Test
	void zeroTurnsItOff() {
		var off = new HeapReleaseAfterBurst(this.waiting, 0, QUIET, () -> this.now, this.collections::incrementAndGet,
				() -> false, new SimpleMeterRegistry());
		burstOf(50);
		this.now += QUIET.multipliedBy(2).toNanos();
		off.check();
		this.now += QUIET.multipliedBy(2).toNanos();
		off.check();

		assertThat(this.collections).hasValue(0);
	}

	/** Requests that all wait at the same time, then all get their answers. */
	private void burstOf(int requests) {
		for (int i = 0; i < requests; i++) {
			assertThat(this.waiting.tryEnter()).isTrue();
		}
		for (int i = 0; i < requests; i++) {
			this.waiting.leave();
		}
	}

	private void tick(Duration elapsed) {
		this.now += elapsed.toNanos();
		this.release.check();
	}

}
