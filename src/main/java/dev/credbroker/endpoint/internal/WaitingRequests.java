package dev.credbroker.endpoint.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests parked while their workload's credentials come from STS, up to a limit.
 * Each parked request holds its connection's buffers (about 80 KB of heap); without a
 * limit, a large enough burst of new workloads would exhaust the heap. Past the limit a
 * request is answered at once with 503 and {@code Retry-After} while the STS call goes
 * on, so the retry finds the credentials cached.
 */
class WaitingRequests {

	/** The limit when none is configured and the heap can hold it. */
	static final int DEFAULT_LIMIT = 1000;

	/** The fewest a small heap gets when no limit is configured. */
	static final int MIN_DEFAULT_LIMIT = 50;

	/**
	 * Heap one waiting request holds: Tomcat's buffers and request objects
	 * (bench/run.sh).
	 */
	static final long BYTES_PER_REQUEST = 80 * 1024;

	/** Heap the broker itself needs: its live set after a burst is about 48 MB. */
	static final long HEAP_FOR_THE_REST = 64 * 1024 * 1024;

	private final int limit;

	private final Semaphore places;

	/** Most requests waiting at once since {@link #takePeak()} last read it. */
	private final AtomicInteger peak = new AtomicInteger();

	/** Requests that have waited since start. */
	private final AtomicLong entered = new AtomicLong();

	WaitingRequests(int limit) {
		this.limit = limit;
		this.places = new Semaphore(limit);
	}

	/**
	 * The configured limit (0: none), or, when none is configured,
	 * {@value #DEFAULT_LIMIT} or as many as the heap left beyond
	 * {@link #HEAP_FOR_THE_REST} holds, whichever is fewer (at least
	 * {@value #MIN_DEFAULT_LIMIT}).
	 */
	static int limitFor(Integer configured, long maxHeapBytes) {
		if (configured != null) {
			return (configured > 0) ? configured : Integer.MAX_VALUE;
		}
		long fits = (maxHeapBytes - HEAP_FOR_THE_REST) / BYTES_PER_REQUEST;
		return (int) Math.max(MIN_DEFAULT_LIMIT, Math.min(DEFAULT_LIMIT, fits));
	}

	/**
	 * Takes a place if one is free; every {@code true} must be followed by a
	 * {@link #leave()}.
	 */
	boolean tryEnter() {
		if (!this.places.tryAcquire()) {
			return false;
		}
		this.entered.incrementAndGet();
		this.peak.accumulateAndGet(count(), Math::max);
		return true;
	}

	void leave() {
		this.places.release();
	}

	int count() {
		return this.limit - this.places.availablePermits();
	}

	int limit() {
		return this.limit;
	}

	/** Requests that have waited since start (changes whenever one starts waiting). */
	long entered() {
		return this.entered.get();
	}

	/**
	 * The most requests that waited at once since {@link #takePeak()} last reset it.
	 */
	int peak() {
		return this.peak.get();
	}

	/**
	 * The most requests that waited at once since the last call; starts counting anew.
	 */
	int takePeak() {
		return this.peak.getAndSet(0);
	}

}
