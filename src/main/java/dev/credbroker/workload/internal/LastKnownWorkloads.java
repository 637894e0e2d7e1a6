package dev.credbroker.workload.internal;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.common.LastKnown;
import dev.credbroker.common.Resync;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The workloads (recipes, token hashes) as this replica last read them, so that issuance
 * goes on through a store outage. Loaded at start, refreshed on every change (local or
 * replayed from another replica) and on every issuance read.
 */
@Component
class LastKnownWorkloads implements SmartInitializingSingleton {

	private final WorkloadStore store;

	private final LastKnown<Workload> workloads;

	LastKnownWorkloads(WorkloadStore store, StoreAvailability availability) {
		this.store = store;
		this.workloads = new LastKnown<>(availability);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.workloads
			.keepAll(this.store.all().stream().collect(Collectors.toMap(Workload::name, Function.identity())));
	}

	Optional<Workload> find(String name) {
		return this.workloads.read(name, () -> this.store.find(name));
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		this.workloads.refresh(event.name(), () -> this.store.find(event.name()));
	}

	/**
	 * A full reload (the change feed may have missed changes): the copy becomes the
	 * store's.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void on(Resync event) {
		afterSingletonsInstantiated();
	}

}
