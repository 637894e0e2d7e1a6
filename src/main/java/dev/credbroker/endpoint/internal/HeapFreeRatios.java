package dev.credbroker.endpoint.internal;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * One full collection under heap free-ratio bounds of its own ({@code MinHeapFreeRatio},
 * {@code MaxHeapFreeRatio}: after a full collection the JVM grows or shrinks the heap so
 * that the free share lies between them). The JVM's bounds are restored right after, so
 * no other collection runs under them.
 */
final class HeapFreeRatios {

	private static final HotSpotDiagnosticMXBean VM = ManagementFactory
		.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	private HeapFreeRatios() {
	}

	/**
	 * Runs one full collection with these bounds, each capped by the JVM's own where
	 * {@code lowerOnly} is set.
	 * @return {@code false}, and no collection, where the bounds cannot be read on this
	 * JVM
	 */
	static boolean fullCollection(int minFreePercent, int maxFreePercent, boolean lowerOnly) {
		Integer jvmMin = option("MinHeapFreeRatio");
		Integer jvmMax = option("MaxHeapFreeRatio");
		if (jvmMin == null || jvmMax == null) {
			return false;
		}
		int min = lowerOnly ? Math.min(minFreePercent, jvmMin) : minFreePercent;
		int max = lowerOnly ? Math.min(maxFreePercent, jvmMax) : maxFreePercent;
		try {
			setBounds(jvmMax, min, max);
			System.gc();
		}
		finally {
			setBounds(max, jvmMin, jvmMax);
		}
		return true;
	}

	/**
	 * The JVM refuses a minimum above the maximum at every step: raise the maximum first
	 * when the new minimum is above the current maximum, else lower the minimum first.
	 */
	private static void setBounds(int currentMax, int min, int max) {
		if (min > currentMax) {
			set("MaxHeapFreeRatio", max);
			set("MinHeapFreeRatio", min);
		}
		else {
			set("MinHeapFreeRatio", min);
			set("MaxHeapFreeRatio", max);
		}
	}

	/**
	 * Whether a JVM flag was given explicitly (command line, JAVA_TOOL_OPTIONS, a flags
	 * file).
	 */
	static boolean isSetExplicitly(String flag) {
		try {
			return switch (VM.getVMOption(flag).getOrigin()) {
				case DEFAULT, ERGONOMIC -> false;
				default -> true;
			};
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static Integer option(String name) {
		try {
			return Integer.valueOf(VM.getVMOption(name).getValue());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static void set(String name, int percent) {
		try {
			VM.setVMOption(name, Integer.toString(percent));
		}
		catch (IllegalArgumentException ex) {
			// not manageable on this JVM, or out of range: the collection still runs
		}
	}

}
