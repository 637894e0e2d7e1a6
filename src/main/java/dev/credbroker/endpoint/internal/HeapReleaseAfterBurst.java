package dev.credbroker.endpoint.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Gives back the heap a burst of new workloads grew. Every request waiting for STS holds
 * about 80 KB of heap, so a burst of a thousand grows the heap by about 80 MB, and the
 * JVM keeps it: the serial collector returns heap only at a full collection, and an idle
 * broker never has one. Once at least {@code threshold} requests have waited at once and
 * none has waited for {@code quietPeriod}, this runs one full collection (a pause of
 * 0.1-0.15 s with a 50 MB live set) that lets the JVM shrink the heap to little more than
 * the live set ({@link ShrinkingFullCollection}). The burst of 1000 clients in
 * bench/run.sh grows the committed heap to 185 MB; this collection takes it back to 71-81
 * MB, the broker's RSS from about 395 to 267-286 MB. Then the heap is committed again up
 * to its cap, untouched, for the next burst ({@link RoomForTheNextBurst}).
 */
class HeapReleaseAfterBurst {

	private static final Logger log = LoggerFactory.getLogger(HeapReleaseAfterBurst.class);

	private static final long MB = 1024 * 1024;

	private final WaitingRequests waiting;

	private final int threshold;

	private final long quietNanos;

	private final LongSupplier nanoTime;

	private final Runnable fullCollection;

	private final BooleanSupplier roomForTheNextBurst;

	private final Counter releases;

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private long lastEntered;

	private long lastActivity;

	HeapReleaseAfterBurst(WaitingRequests waiting, int threshold, Duration quietPeriod, LongSupplier nanoTime,
			Runnable fullCollection, BooleanSupplier roomForTheNextBurst, MeterRegistry meters) {
		this.waiting = waiting;
		this.threshold = threshold;
		this.quietNanos = quietPeriod.toNanos();
		this.nanoTime = nanoTime;
		this.fullCollection = fullCollection;
		this.roomForTheNextBurst = roomForTheNextBurst;
		this.releases = Counter.builder("credbroker.endpoint.heap.releases")
			.description("Full collections run after a burst of requests waiting for STS, to give the heap back")
			.register(meters);
		this.lastEntered = waiting.entered();
		this.lastActivity = nanoTime.getAsLong();
	}

	/** Called about once a second; releases at most once per burst. */
	@Scheduled(fixedDelayString = "1s", initialDelayString = "1s")
	void check() {
		if (this.threshold <= 0) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		long entered = this.waiting.entered();
		if (this.waiting.count() > 0 || entered != this.lastEntered) {
			this.lastEntered = entered;
			this.lastActivity = now;
			return;
		}
		if (this.waiting.peak() < this.threshold || now - this.lastActivity < this.quietNanos) {
			return;
		}
		release(this.waiting.takePeak());
	}

	private void release(int peak) {
		long committedBefore = this.memory.getHeapMemoryUsage().getCommitted();
		long start = this.nanoTime.getAsLong();
		this.fullCollection.run();
		long millis = (this.nanoTime.getAsLong() - start) / 1_000_000;
		var after = this.memory.getHeapMemoryUsage();
		this.releases.increment();
		boolean room = this.roomForTheNextBurst.getAsBoolean();
		log.info("{} requests waited for STS at once and the burst is over: one full collection ({} ms) took the "
				+ "committed heap from {} MB to {} MB ({} MB in use){} (credbroker.endpoint.release-heap-after-burst)",
				peak, millis, committedBefore / MB, after.getCommitted() / MB, after.getUsed() / MB,
				room ? "; room up to the heap's cap committed again, untouched, for the next burst" : "");
	}

}
