package dev.credbroker.endpoint.internal;

/**
 * One full collection after which the JVM keeps at most {@value #MAX_FREE_PERCENT} % of
 * the heap free and gives the rest back. The free-ratio bounds are lowered for this one
 * collection only: during a burst the JVM's defaults (40-70 % free) let the heap stay
 * large between collections, and bounds this tight all the time would make a burst run
 * more full collections (bench/run.sh). With the serial collector the shrink happens at
 * once only under {@code -XX:-ShrinkHeapInSteps} (the image sets it); otherwise the JVM
 * spreads it over four full collections. Where the bounds cannot be changed, this is a
 * plain {@code System.gc()}.
 */
class ShrinkingFullCollection implements Runnable {

	static final int MAX_FREE_PERCENT = 10;

	static final int MIN_FREE_PERCENT = 5;

	@Override
	public void run() {
		if (!HeapFreeRatios.fullCollection(MIN_FREE_PERCENT, MAX_FREE_PERCENT, true)) {
			System.gc();
		}
	}

}
