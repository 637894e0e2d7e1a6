package dev.credbroker.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.credbroker.audit.AuditEvent;

/**
 * The audit events of a store outage: kept oldest first, stored in that order, never lost
 * by a failed attempt, and bounded by dropping the newest.
 */
class AuditOutageBufferTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final AuditOutageBuffer buffer = new AuditOutageBuffer(3);

	private final List<String> stored = new ArrayList<>();

	@Test
	void eventsAreStoredOldestFirstWithTheTimeTheyHappened() {
		this.buffer.offer(event("a"), T0);
		this.buffer.offer(event("b"), T0.plusSeconds(1));

		int count = this.buffer.drain((pending) -> this.stored.add(pending.event().workload() + "@" + pending.at()));

		assertThat(count).isEqualTo(2);
		assertThat(this.stored).containsExactly("a@" + T0, "b@" + T0.plusSeconds(1));
		assertThat(this.buffer.isEmpty()).isTrue();
	}

	@Test
	void anEventThatCannotBeStoredStaysWithThoseAfterItForTheNextAttempt() {
		this.buffer.offer(event("a"), T0);
		this.buffer.offer(event("b"), T0);
		this.buffer.offer(event("c"), T0);

		int first = this.buffer.drain((pending) -> {
			if (pending.event().workload().equals("b")) {
				return false;
			}
			return this.stored.add(pending.event().workload());
		});
		assertThat(first).isEqualTo(1);
		assertThat(this.buffer.size()).isEqualTo(2);

		this.buffer.drain((pending) -> this.stored.add(pending.event().workload()));
		assertThat(this.stored).containsExactly("a", "b", "c");
	}

	@Test
	void whenFullTheNewestEventsAreDroppedAndCounted() {
		for (String name : List.of("a", "b", "c", "d", "e")) {
			this.buffer.offer(event(name), T0);
		}

		assertThat(this.buffer.offer(event("f"), T0)).isFalse();
		assertThat(this.buffer.dropped()).isEqualTo(3);
		assertThat(this.buffer.takeDroppedSinceReported()).isEqualTo(3);
		assertThat(this.buffer.takeDroppedSinceReported()).isZero();
		this.buffer.drain((pending) -> this.stored.add(pending.event().workload()));
		assertThat(this.stored).as("the first events of the outage, without a hole").containsExactly("a", "b", "c");
	}

	@Test
	void aBufferOfZeroKeepsNothing() {
		AuditOutageBuffer none = new AuditOutageBuffer(0);

		assertThat(none.offer(event("a"), T0)).isFalse();
		assertThat(none.isEmpty()).isTrue();
	}

	@Test
	void whileEventsAreBeingStoredTheBufferIsNotEmptySoNewEventsQueueBehindThem() {
		this.buffer.offer(event("a"), T0);
		List<Boolean> emptyWhileStoring = new ArrayList<>();

		this.buffer.drain((pending) -> emptyWhileStoring.add(this.buffer.isEmpty()));

		assertThat(emptyWhileStoring).containsExactly(false);
		assertThat(this.buffer.isEmpty()).isTrue();
	}

	private static AuditEvent event(String workload) {
		return AuditEvent.issuance(workload, "issue", "success", "arn:aws:iam::123456789012:role/app", "ASIAEXAMPLE",
				T0.plusSeconds(3600), null);
	}

}
