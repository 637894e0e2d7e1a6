package dev.credbroker.sync.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.common.Resync;
import dev.credbroker.sync.SyncProperties;
import dev.credbroker.workload.WorkloadChanged;

/**
 * Replays other instances' changes as local
 * {@link WorkloadChanged}/{@link SourceChanged}/ {@link IssuerChanged} events, without
 * losing one:
 * <ul>
 * <li>Revisions are taken at insert but become visible at commit, so a revision below the
 * newest read that has not been read yet is <em>missing</em> (a transaction that commits
 * late, or one that rolled back): it is looked for at every poll until it arrives, or for
 * {@link SyncProperties#gapWait()}, after which everything is reloaded instead
 * ({@link Resync}). Missing revisions below the oldest row still stored were pruned
 * unread (a replica that was away past the retention): reloaded at once.</li>
 * <li>Each listener gets each change on its own; a change counts as applied once every
 * listener applied it, and the ones that failed get it again at the next poll.</li>
 * <li>Every {@link SyncProperties#reconcileInterval()} everything is reloaded anyway, the
 * backstop for whatever the feed could not see.</li>
 * </ul>
 * On PostgreSQL a notification wakes the poll at once ({@link ChangeNotifications}); the
 * scheduled poll is the fallback.
 */
@Component
class ChangeFeed implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

	/** Replayed again at start, for changes that committed while the state was loaded. */
	static final int LOOKBACK = 100;

	/** Beyond this many missing or unapplied changes, reloading everything is cheaper. */
	static final int MAX_TRACKED = 1000;

	private final ChangeLog changes;

	private final IsolatingEventMulticaster listeners;

	private final SyncProperties properties;

	private final Clock clock;

	private long newestSeen;

	/** Revisions below {@link #newestSeen} not read yet, with when they were missed. */
	private final SortedMap<Long, Missing> missing = new TreeMap<>();

	/** Changes read but not applied by every listener yet, oldest first. */
	private final Map<Long, Delivery> unapplied = new LinkedHashMap<>();

	/** A reload not applied by every listener yet. */
	private Delivery resync;

	/** Why a reload is owed, or {@code null}. */
	private String resyncOwed;

	private boolean readFailing;

	ChangeFeed(ChangeLog changes, IsolatingEventMulticaster listeners, SyncProperties properties, Clock clock) {
		this.changes = changes;
		this.listeners = listeners;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.newestSeen = Math.max(0, this.changes.latestRevision() - LOOKBACK);
	}

	/** Reads and applies what is new; also run at once when a notification arrives. */
	@Scheduled(fixedDelayString = "${credbroker.sync.poll-interval:1s}")
	synchronized void poll() {
		try {
			this.changes.read(this.newestSeen, this.missing.keySet()).forEach(this::see);
			if (!this.missing.isEmpty()) {
				// Read after the changes: a revision missing below the oldest row left
				// was
				// pruned before this instance read it.
				giveUpOnGaps(this.changes.lowestRevision());
			}
			if (this.readFailing) {
				this.readFailing = false;
				log.info("Changes made by other instances are read again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.readFailing) {
				this.readFailing = true;
				log.warn("Could not read changes made by other instances (tried again at every poll): {}",
						ex.getMessage());
			}
		}
		if (this.resyncOwed != null) {
			// The reload reads the store after every change read so far committed: it
			// covers them all.
			this.unapplied.clear();
			this.resync = new Delivery(new Resync(this.resyncOwed));
			this.resyncOwed = null;
		}
		apply();
	}

	/** Reloads everything from the store, whatever the feed saw: the backstop. */
	@Scheduled(fixedDelayString = "${credbroker.sync.reconcile-interval:5m}",
			initialDelayString = "${credbroker.sync.reconcile-interval:5m}")
	void reconcile() {
		synchronized (this) {
			if (this.resyncOwed == null) {
				this.resyncOwed = "periodic reconciliation";
			}
		}
		poll();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void prune() {
		try {
			this.changes.deleteOlderThan(this.properties.retention());
		}
		catch (RuntimeException ex) {
			log.warn("Could not prune old change rows (tried again in an hour): {}", ex.getMessage());
		}
	}

	private void see(ChangeLog.Change change) {
		long revision = change.revision();
		if (this.missing.remove(revision) == null) {
			if (revision <= this.newestSeen) {
				return;
			}
			long gap = revision - this.newestSeen - 1;
			if (gap > MAX_TRACKED) {
				owe("a gap of " + gap + " changes in the change feed");
			}
			else {
				Instant now = this.clock.instant();
				for (long between = this.newestSeen + 1; between < revision; between++) {
					this.missing.put(between, new Missing(now, false));
				}
			}
			this.newestSeen = revision;
		}
		if (!change.own()) {
			Object event = eventOf(change);
			if (event != null) {
				this.unapplied.put(revision, new Delivery(event));
			}
		}
		if (this.unapplied.size() > MAX_TRACKED) {
			owe("more than " + MAX_TRACKED + " changes not applied yet");
		}
	}

	private void giveUpOnGaps(long lowest) {
		// Looked for on: below the oldest row left may also be a transaction that is
		// still open while every older row was pruned.
		SortedMap<Long, Missing> pruned = this.missing.headMap(lowest);
		List<Long> unreloaded = pruned.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().reloaded())
			.map(Map.Entry::getKey)
			.toList();
		if (!unreloaded.isEmpty()) {
			owe("change " + unreloaded.get(0) + " was pruned from the store before this instance read it");
			unreloaded.forEach((revision) -> this.missing.put(revision, this.missing.get(revision).reload()));
		}
		Instant cutoff = this.clock.instant().minus(this.properties.gapWait());
		List<Long> overdue = new ArrayList<>();
		boolean reloadNeeded = false;
		for (Map.Entry<Long, Missing> entry : this.missing.entrySet()) {
			if (entry.getValue().since().isBefore(cutoff)) {
				overdue.add(entry.getKey());
				reloadNeeded |= !entry.getValue().reloaded();
			}
		}
		if (reloadNeeded) {
			owe("change " + overdue.get(0) + " did not arrive within " + this.properties.gapWait()
					+ " of later ones (rolled back, or held in a transaction)");
		}
		overdue.forEach(this.missing::remove);
		if (this.missing.size() > MAX_TRACKED) {
			owe("more than " + MAX_TRACKED + " changes missing");
			this.missing.clear();
		}
	}

	private void owe(String reason) {
		if (this.resyncOwed == null) {
			this.resyncOwed = reason;
			log.info("Reloading all workloads and sources from the store: {}", reason);
		}
	}

	private void apply() {
		if (this.resync != null && this.resync.tryOn(this.listeners)) {
			this.resync = null;
		}
		Iterator<Delivery> pending = this.unapplied.values().iterator();
		while (pending.hasNext()) {
			Delivery delivery = pending.next();
			if (delivery.tryOn(this.listeners)) {
				pending.remove();
				log.debug("Applied {}", delivery.event);
			}
		}
	}

	private static Object eventOf(ChangeLog.Change change) {
		return switch (change.kind()) {
			case ChangeLog.WORKLOAD -> new WorkloadChanged(change.name(), true);
			case ChangeLog.SOURCE -> new SourceChanged(change.name(), true);
			case ChangeLog.ISSUER -> new IssuerChanged(change.name(), true);
			default -> null;
		};
	}

	/**
	 * A revision not read yet.
	 *
	 * @param since when it was first missed
	 * @param reloaded whether everything was reloaded for it already (it may still
	 * arrive)
	 */
	private record Missing(Instant since, boolean reloaded) {

		Missing reload() {
			return new Missing(this.since, true);
		}

	}

	/** One event and the listeners that still have to apply it. */
	private static final class Delivery {

		private final Object event;

		/** {@code null}: every listener. */
		private Set<String> remaining;

		private int failures;

		Delivery(Object event) {
			this.event = event;
		}

		/** Whether every listener has applied it now. */
		boolean tryOn(IsolatingEventMulticaster listeners) {
			Map<String, RuntimeException> failed = listeners.deliverEach(this.event, this.remaining);
			if (failed.isEmpty()) {
				if (this.failures > 0) {
					log.info("Applied {} after {} failed attempts", this.event, this.failures);
				}
				return true;
			}
			if (this.failures++ == 0) {
				failed.forEach((listener, ex) -> log.warn(
						"Could not apply {} from changes made by other instances in {} (tried again at every poll): {}",
						this.event, listener, ex.getMessage()));
			}
			this.remaining = Set.copyOf(failed.keySet());
			return false;
		}

	}

}
