package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

class ShrinkingFullCollectionTest {

	private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@Test
	void leavesTheJvmsFreeRatioBoundsAsTheyWere() {
		String min = this.vm.getVMOption("MinHeapFreeRatio").getValue();
		String max = this.vm.getVMOption("MaxHeapFreeRatio").getValue();

		new ShrinkingFullCollection().run();

		assertThat(this.vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
		assertThat(this.vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
	}

	@Test
	void runsAFullCollection() {
		long before = collections();

		new ShrinkingFullCollection().run();

		assertThat(collections()).isGreaterThan(before);
	}

	private static long collections() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong((collector) -> Math.max(0, collector.getCollectionCount()))
			.sum();
	}

}
