package dev.credbroker.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.credbroker.audit.AuditEvent;

/**
 * Coalescing windows: one per identical failure, lasting the interval from its first
 * failure, closed exactly once, whether replaced by the next failure or swept.
 */
class FailureWindowsTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final AuditEvent APP_DOWN = AuditEvent.issuance("app", "issue", "UpstreamUnavailable", "arn:role",
			null, null, "STS down");

	private final FailureWindows windows = new FailureWindows(Duration.ofMinutes(1));

	private final List<FailureWindows.Window> closed = new ArrayList<>();

	@Test
	void identicalFailuresWithinTheIntervalShareAWindow() {
		FailureWindows.Window first = this.windows.windowFor(APP_DOWN, T0, this.closed::add);
		FailureWindows.Window again = this.windows.windowFor(copyOf(APP_DOWN), T0.plusSeconds(59), this.closed::add);

		assertThat(again).isSameAs(first);
		assertThat(this.closed).isEmpty();
	}

	@Test
	void anyDifferenceMakesAnotherWindow() {
		FailureWindows.Window app = this.windows.windowFor(APP_DOWN, T0, this.closed::add);
		List<AuditEvent> others = List.of(
				AuditEvent.issuance("other", "issue", "UpstreamUnavailable", "arn:role", null, null, "STS down"),
				AuditEvent.issuance("app", "issue", "UpstreamRejected", "arn:role", null, null, "STS down"),
				AuditEvent.issuance("app", "issue", "UpstreamUnavailable", "arn:role", null, null, "circuit open"),
				AuditEvent.issuance("app", "issue", "UpstreamUnavailable", "arn:other", null, null, "STS down"));

		for (AuditEvent other : others) {
			assertThat(this.windows.windowFor(other, T0, this.closed::add)).as("%s", other).isNotSameAs(app);
		}
		assertThat(this.windows.size()).isEqualTo(5);
	}

	@Test
	void theFirstFailureAfterTheIntervalOpensANewWindowAndClosesTheOldOne() {
		FailureWindows.Window first = this.windows.windowFor(APP_DOWN, T0, this.closed::add);
		FailureWindows.Window next = this.windows.windowFor(APP_DOWN, T0.plusSeconds(60), this.closed::add);

		assertThat(next).isNotSameAs(first);
		assertThat(this.closed).containsExactly(first);
		assertThat(first.isClosed()).isTrue();
		assertThat(next.isClosed()).isFalse();
	}

	@Test
	void sweepingClosesOnlyExpiredWindowsAndEachOnce() {
		FailureWindows.Window old = this.windows.windowFor(APP_DOWN, T0, this.closed::add);
		AuditEvent other = AuditEvent.issuance("other", "issue", "UpstreamUnavailable", null, null, null, "down");
		FailureWindows.Window recent = this.windows.windowFor(other, T0.plusSeconds(30), this.closed::add);

		this.windows.closeExpired(T0.plusSeconds(60), this.closed::add);
		this.windows.closeExpired(T0.plusSeconds(61), this.closed::add);

		assertThat(this.closed).containsExactly(old);
		assertThat(this.windows.size()).isEqualTo(1);
		this.windows.closeAll(this.closed::add);
		assertThat(this.closed).containsExactly(old, recent);
		assertThat(this.windows.size()).isZero();
	}

	@Test
	void aWindowCountsFromItsStoredRow() {
		FailureWindows.Window window = this.windows.windowFor(APP_DOWN, T0, this.closed::add);
		assertThat(window.rowId()).isNull();

		window.stored(42, T0);
		window.counted(T0.plusSeconds(5));
		window.counted(T0.plusSeconds(9));

		assertThat(window.rowId()).isEqualTo(42);
		assertThat(window.count()).isEqualTo(3);
		assertThat(window.rowTime()).isEqualTo(T0);
		assertThat(window.last()).isEqualTo(T0.plusSeconds(9));
	}

	private static AuditEvent copyOf(AuditEvent event) {
		return AuditEvent.issuance(event.workload(), event.action(), event.outcome(), event.roleArn(), null, null,
				event.detail());
	}

}
