package dev.credbroker.endpoint.internal;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

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

	private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@Override
	public void run() {
		String min = option("MinHeapFreeRatio");
		String max = option("MaxHeapFreeRatio");
		if (min == null || max == null) {
			System.gc();
			return;
		}
		try {
			set("MinHeapFreeRatio", Math.min(MIN_FREE_PERCENT, Integer.parseInt(min)));
			set("MaxHeapFreeRatio", Math.min(MAX_FREE_PERCENT, Integer.parseInt(max)));
			System.gc();
		}
		finally {
			set("MaxHeapFreeRatio", Integer.parseInt(max));
			set("MinHeapFreeRatio", Integer.parseInt(min));
		}
	}

	private String option(String name) {
		try {
			return this.vm.getVMOption(name).getValue();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void set(String name, int percent) {
		try {
			this.vm.setVMOption(name, Integer.toString(percent));
		}
		catch (IllegalArgumentException ex) {
			// not manageable on this JVM, or out of range: the collection still runs
		}
	}

}
