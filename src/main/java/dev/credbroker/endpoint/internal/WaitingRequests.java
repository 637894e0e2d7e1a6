package dev.credbroker.endpoint.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests parked while their workload's credentials come from STS, up to a limit.
 * Each parked request holds its connection's buffers (about 80 KB of heap); without a
 * limit, a large enough burst of new workloads would exhaust the heap. Past the limit a
 * request is answered at once with 503 and {@code Retry-After} while the STS call goes
 * on, so the retry finds the credentials cached.
 */
class WaitingRequests {

	private final int limit;

	private final AtomicInteger waiting = new AtomicInteger();

	WaitingRequests(int limit) {
		this.limit = limit;
	}

	/**
	 * Takes a place if one is free; every {@code true} must be followed by a
	 * {@link #leave()}.
	 */
	boolean tryEnter() {
		while (true) {
			int now = this.waiting.get();
			if (now >= this.limit) {
				return false;
			}
			if (this.waiting.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	void leave() {
		this.waiting.decrementAndGet();
	}

	int count() {
		return this.waiting.get();
	}

	int limit() {
		return this.limit;
	}

}
