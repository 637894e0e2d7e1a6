package dev.credbroker.audit.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

import dev.credbroker.audit.AuditEvent;

/**
 * Audit events that could not be stored during a store outage, oldest first, to be stored
 * in that order once the store is back. Bounded: when full, the newest event is dropped
 * (the stored rows then hold the outage from its start, without a hole in the middle;
 * every event, dropped or not, is also in the {@code credbroker.audit} log lines).
 */
final class AuditOutageBuffer {

	/** An event and when it happened (it is stored with that time, not the flush's). */
	record Pending(AuditEvent event, Instant at) {
	}

	private final int capacity;

	private final Deque<Pending> pending = new ArrayDeque<>();

	private long dropped;

	private long droppedSinceReported;

	AuditOutageBuffer(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Keeps the event unless the buffer is full.
	 * @return {@code false} when it was dropped
	 */
	synchronized boolean offer(AuditEvent event, Instant at) {
		if (this.pending.size() >= this.capacity) {
			this.dropped++;
			this.droppedSinceReported++;
			return false;
		}
		this.pending.addLast(new Pending(event, at));
		return true;
	}

	synchronized boolean isEmpty() {
		return this.pending.isEmpty();
	}

	synchronized int size() {
		return this.pending.size();
	}

	/** Events dropped since the start. */
	synchronized long dropped() {
		return this.dropped;
	}

	/** Events dropped since the last call (for one WARN line per flush). */
	synchronized long takeDroppedSinceReported() {
		long count = this.droppedSinceReported;
		this.droppedSinceReported = 0;
		return count;
	}

	/**
	 * Stores events oldest first until one cannot be stored (it stays, with those after
	 * it). An event leaves the buffer only once stored, so that a caller who finds the
	 * buffer empty knows every earlier event is stored. One caller at a time.
	 * @param store stores one event; {@code false} when it could not
	 * @return how many were stored
	 */
	int drain(Predicate<Pending> store) {
		int stored = 0;
		while (true) {
			Pending next;
			synchronized (this) {
				next = this.pending.peekFirst();
			}
			if (next == null || !store.test(next)) {
				return stored;
			}
			synchronized (this) {
				this.pending.removeFirst();
			}
			stored++;
		}
	}

}
