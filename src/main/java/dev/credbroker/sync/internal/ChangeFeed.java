package dev.credbroker.sync.internal;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.sync.SyncProperties;
import dev.credbroker.workload.WorkloadChanged;

/**
 * Replays other instances' changes as local
 * {@link WorkloadChanged}/{@link SourceChanged}/ {@link IssuerChanged} events. Identity
 * values can commit out of order, so each poll looks back {@link #LOOKBACK} revisions
 * behind the newest it has seen and skips the ones it already replayed.
 */
@Component
class ChangeFeed implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

	static final int LOOKBACK = 100;

	private static final int REMEMBERED = 10_000;

	private final ChangeLog changes;

	private final ApplicationEventPublisher events;

	private final SyncProperties properties;

	private final Clock clock;

	private final Set<Long> replayed = Collections.newSetFromMap(new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
			return size() > REMEMBERED;
		}
	});

	private long newestSeen;

	ChangeFeed(ChangeLog changes, ApplicationEventPublisher events, SyncProperties properties, Clock clock) {
		this.changes = changes;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/** Everything committed before start is already in the state loaded at start. */
	@Override
	public void afterSingletonsInstantiated() {
		this.newestSeen = this.changes.latestRevision();
	}

	/**
	 * Replays, in order, the changes not replayed yet. A change counts as replayed only
	 * once its listeners have applied it: when one fails (the store briefly unreadable,
	 * say), the poll stops there and the next poll replays that change again, and those
	 * after it. Applying a change twice is harmless (listeners reload and invalidate).
	 */
	@Scheduled(fixedDelayString = "${credbroker.sync.poll-interval:1s}")
	synchronized void poll() {
		try {
			for (ChangeLog.Change change : this.changes.othersAfter(Math.max(0, this.newestSeen - LOOKBACK))) {
				if (!this.replayed.contains(change.revision())) {
					replay(change);
					this.replayed.add(change.revision());
				}
				this.newestSeen = Math.max(this.newestSeen, change.revision());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not apply changes made by other instances (tried again at the next poll): {}",
					ex.getMessage());
		}
	}

	private void replay(ChangeLog.Change change) {
		if (ChangeLog.WORKLOAD.equals(change.kind())) {
			this.events.publishEvent(new WorkloadChanged(change.name(), true));
		}
		else if (ChangeLog.SOURCE.equals(change.kind())) {
			this.events.publishEvent(new SourceChanged(change.name(), true));
		}
		else if (ChangeLog.ISSUER.equals(change.kind())) {
			this.events.publishEvent(new IssuerChanged(change.name(), true));
		}
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void prune() {
		this.changes.deleteOlderThan(this.clock.instant().minus(this.properties.retention()));
	}

}
