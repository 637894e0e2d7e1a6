package dev.credbroker.imds.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.imds.ImdsProperties;
import dev.credbroker.common.Resync;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The workloads the IMDS listeners are bound to, in memory, reloaded on every change to
 * one of them (here or on another instance), so a request reads no database. A workload
 * that does not exist (yet) is remembered as absent, and its listener answers 404 for its
 * role until an operator creates it.
 */
class BoundWorkloads implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(BoundWorkloads.class);

	private final WorkloadCatalog workloads;

	private final Set<String> names;

	private final Map<String, Optional<Workload>> byName = new ConcurrentHashMap<>();

	BoundWorkloads(WorkloadCatalog workloads, ImdsProperties properties) {
		this.workloads = workloads;
		this.names = properties.listeners()
			.stream()
			.map(ImdsProperties.Listener::workload)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.names.forEach(this::reload);
	}

	/** The workload as it stands, if it exists. */
	Optional<Workload> find(String name) {
		return this.byName.computeIfAbsent(name, this.workloads::find);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		if (this.names.contains(event.name())) {
			reload(event.name());
		}
	}

	/** Changes may have been missed: the bound workloads that differ are reloaded. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(Resync event) {
		this.names.stream()
			.filter((name) -> !this.workloads.find(name).equals(this.byName.get(name)))
			.forEach(this::reload);
	}

	private synchronized void reload(String name) {
		Optional<Workload> workload = this.workloads.find(name);
		this.byName.put(name, workload);
		if (workload.isEmpty()) {
			log.warn("IMDS: workload '{}' does not exist; its listener answers 404 for its role until it is created",
					name);
		}
		else if (!workload.get().enabled()) {
			log.warn("IMDS: workload '{}' is disabled; its listener answers 404 for its role until it is enabled",
					name);
		}
	}

}
