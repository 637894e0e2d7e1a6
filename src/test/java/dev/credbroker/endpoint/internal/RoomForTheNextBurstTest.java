package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

/**
 * In this test JVM; what it does for a burst is measured by bench/run.sh (first burst
 * after start).
 */
class RoomForTheNextBurstTest {

	private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@Test
	void withAYoungGenerationThatMayGrowItDoesNothing() {
		long before = collections();

		assertThat(new RoomForTheNextBurst(false).make()).isFalse();

		assertThat(collections()).isEqualTo(before);
	}

	@Test
	void commitsHeapUntilMostOfItIsFreeAndLeavesTheJvmsBoundsAsTheyWere() {
		String min = this.vm.getVMOption("MinHeapFreeRatio").getValue();
		String max = this.vm.getVMOption("MaxHeapFreeRatio").getValue();
		long before = collections();

		assertThat(new RoomForTheNextBurst(true).make()).isTrue();

		assertThat(collections()).isGreaterThan(before);
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		long free = heap.getCommitted() - heap.getUsed();
		assertThat(free >= heap.getUsed() || heap.getCommitted() >= heap.getMax())
			.as("free %d MB, used %d MB, committed %d of at most %d MB", free >> 20, heap.getUsed() >> 20,
					heap.getCommitted() >> 20, heap.getMax() >> 20)
			.isTrue();
		assertThat(this.vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
		assertThat(this.vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
	}

	@Test
	void theImagesFlagCapsTheYoungGenerationAndNoFlagDoesNot() {
		assertThat(HeapFreeRatios.isSetExplicitly("MaxNewSize")).isEqualTo(ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.anyMatch((argument) -> argument.startsWith("-XX:MaxNewSize=") || argument.startsWith("-Xmn")));
	}

	private static long collections() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong((collector) -> Math.max(0, collector.getCollectionCount()))
			.sum();
	}

}
