package dev.credbroker.common;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What this replica last read of some rows, by name, to go on issuing from during a store
 * outage (no change can be made while the store is unreachable, so the last committed
 * state is the current one). Reads go to the store while it is reachable and refresh the
 * copy; while it is known to be down, or when a read fails to reach it, the copy answers.
 *
 * @param <T> the row as kept in memory (secrets sealed, as in the store)
 */
public final class LastKnown<T> {

	private final Map<String, T> byName = new ConcurrentHashMap<>();

	private final StoreAvailability availability;

	/**
	 * Moves on at every change, so a read that started before a change never overwrites
	 * what the change brought.
	 */
	private final AtomicLong changes = new AtomicLong();

	public LastKnown(StoreAvailability availability) {
		this.availability = availability;
	}

	/** The row read from the store, or this replica's copy while the store is down. */
	public Optional<T> read(String name, Supplier<Optional<T>> store) {
		if (this.availability.isDown()) {
			return Optional.ofNullable(this.byName.get(name));
		}
		long before = this.changes.get();
		Optional<T> stored;
		try {
			stored = store.get();
		}
		catch (RuntimeException ex) {
			if (!StoreAvailability.isUnreachable(ex)) {
				throw ex;
			}
			this.availability.reportUnreachable();
			return Optional.ofNullable(this.byName.get(name));
		}
		if (this.changes.get() == before) {
			keep(name, stored);
		}
		return stored;
	}

	/**
	 * After a change to {@code name}: its row as stored now, or forgotten when the store
	 * cannot be read (better refused than issued from a stale copy).
	 */
	public void refresh(String name, Supplier<Optional<T>> store) {
		this.changes.incrementAndGet();
		try {
			keep(name, store.get());
		}
		catch (RuntimeException ex) {
			this.byName.remove(name);
		}
	}

	/** Every row, as read at once from the store (at start). */
	public void keepAll(Map<String, T> rows) {
		this.changes.incrementAndGet();
		this.byName.keySet().retainAll(rows.keySet());
		this.byName.putAll(rows);
	}

	private void keep(String name, Optional<T> stored) {
		if (stored.isPresent()) {
			this.byName.put(name, stored.get());
		}
		else {
			this.byName.remove(name);
		}
	}

}
