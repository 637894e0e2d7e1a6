package dev.credbroker.issuance.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.common.Resync;

/**
 * What each source was (its version and MFA session) when this instance last heard of a
 * change to it, so that a reload from the store can tell which sources changed unheard
 * of: those get a {@link SourceChanged} (their credentials dropped), the others keep
 * theirs.
 */
@Component
class SourceStamps {

	/**
	 * Never equal to a source's stamp: the source counts as changed at the next reload.
	 */
	private static final Stamp UNKNOWN = new Stamp(-1, null, null);

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final ApplicationEventPublisher events;

	private final Map<String, Stamp> stamps = new ConcurrentHashMap<>();

	SourceStamps(SourceCatalog sources, MfaSessions mfaSessions, ApplicationEventPublisher events) {
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.events = events;
	}

	/**
	 * Once started (the store and master key checked): a source not stamped here counts
	 * as changed at the next reload, which costs its cached credentials once.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void stampAll() {
		try {
			this.sources.all().forEach((source) -> this.stamps.putIfAbsent(source.name(), stampOf(source)));
		}
		catch (RuntimeException ex) {
			// Stamped at the first reload instead.
		}
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(SourceChanged event) {
		try {
			Optional<Source> source = this.sources.find(event.name());
			if (source.isPresent()) {
				this.stamps.put(event.name(), stampOf(source.get()));
			}
			else {
				this.stamps.remove(event.name());
			}
		}
		catch (RuntimeException ex) {
			this.stamps.put(event.name(), UNKNOWN);
		}
	}

	/**
	 * Tells of every source that changed (or went) since it was last stamped, as read
	 * from the store now; each is stamped anew once its change was applied.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	synchronized void on(Resync event) {
		Set<String> gone = new HashSet<>(this.stamps.keySet());
		for (Source source : this.sources.all()) {
			gone.remove(source.name());
			Stamp now = stampOf(source);
			if (!now.equals(this.stamps.get(source.name()))) {
				this.events.publishEvent(new SourceChanged(source.name(), true));
				this.stamps.put(source.name(), now);
			}
		}
		for (String name : gone) {
			this.events.publishEvent(new SourceChanged(name, true));
			this.stamps.remove(name);
		}
	}

	private Stamp stampOf(Source source) {
		Optional<MfaSession> session = source.hasMfaSerial() ? this.mfaSessions.current(source.name())
				: Optional.empty();
		return new Stamp(source.version(), session.map(MfaSession::accessKeyId).orElse(null),
				session.map(MfaSession::expiration).orElse(null));
	}

	private record Stamp(long version, String sessionKeyId, Instant sessionExpiration) {
	}

}
