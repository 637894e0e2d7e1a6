package dev.credbroker.endpoint.internal;

/**
 * Right after the heap was given back ({@link ShrinkingFullCollection}), one more full
 * collection that lets the JVM commit heap up to its cap for the next burst without
 * touching it: pages committed and never written are not resident, so this adds nothing
 * to the broker's memory until a burst's waiting requests are promoted into them, and a
 * release after the burst gives those back again.
 * <p>
 * Without it, the serial collector grows the old generation only at full collections of
 * the burst's own: the first burst of 1000 clients after a start spent about 0.35 s in
 * them (two full collections of 0.1-0.13 s and young ones of 20-60 ms), and its slowest
 * client waited 930-1,120 ms against 480-730 ms in later bursts, which find the heap
 * grown (bench/run.sh, first burst after start).
 * <p>
 * Only where the young generation cannot grow with the old one ({@code -XX:MaxNewSize}
 * given, as the image, the README's {@code java -jar} line and the pom do): the serial
 * collector sizes the young generation from the old one, and a large young generation is
 * written through in full by ordinary traffic, which would cost resident memory all the
 * time.
 */
class RoomForTheNextBurst {

	/**
	 * The free share the JVM must leave after this collection: the heap grows to its cap.
	 */
	static final int MIN_FREE_PERCENT = 90;

	private final boolean youngGenerationCapped;

	RoomForTheNextBurst() {
		this(HeapFreeRatios.isSetExplicitly("MaxNewSize"));
	}

	RoomForTheNextBurst(boolean youngGenerationCapped) {
		this.youngGenerationCapped = youngGenerationCapped;
	}

	/**
	 * @return whether a collection ran (not without {@code -XX:MaxNewSize})
	 */
	boolean make() {
		return this.youngGenerationCapped && HeapFreeRatios.fullCollection(MIN_FREE_PERCENT, 100, false);
	}

}
