package dev.credbroker.source.internal;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.common.LastKnown;
import dev.credbroker.common.Resync;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceChanged;

/**
 * The sources as this replica last read them, secret access keys sealed as in the store,
 * so that issuance goes on through a store outage. Loaded at start, refreshed on every
 * change (local or replayed from another replica) and on every issuance read.
 */
@Component
class LastKnownSources implements SmartInitializingSingleton {

	private final SourceStore store;

	private final LastKnown<SourceStore.SealedSource> sources;

	LastKnownSources(SourceStore store, StoreAvailability availability) {
		this.store = store;
		this.sources = new LastKnown<>(availability);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.sources.keepAll(this.store.allSealed()
			.stream()
			.collect(Collectors.toMap(SourceStore.SealedSource::name, Function.identity())));
	}

	Optional<Source> find(String name) {
		return this.sources.read(name, () -> this.store.findSealed(name)).map(this.store::open);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(SourceChanged event) {
		this.sources.refresh(event.name(), () -> this.store.findSealed(event.name()));
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
