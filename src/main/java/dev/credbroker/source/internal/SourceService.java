package dev.credbroker.source.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.credbroker.common.ColumnWidths;
import dev.credbroker.common.ConflictException;
import dev.credbroker.common.Names;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.PutResult;
import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.source.SourceDefinition;
import dev.credbroker.source.SourceType;
import dev.credbroker.source.SourceUsage;

@Service
class SourceService implements SourceCatalog, MfaSessions {

	private final SourceStore store;

	private final ObjectProvider<SourceUsage> usage;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ColumnWidths widths;

	private final LastKnownSources lastKnown;

	SourceService(SourceStore store, ObjectProvider<SourceUsage> usage, ApplicationEventPublisher events, Clock clock,
			ColumnWidths widths, LastKnownSources lastKnown) {
		this.lastKnown = lastKnown;
		this.store = store;
		this.usage = usage;
		this.events = events;
		this.clock = clock;
		this.widths = widths;
	}

	@Override
	@Transactional
	public PutResult<Source> put(String name, SourceDefinition definition) {
		Names.requireValid("name", name);
		this.widths.requireFit("sources", definition);
		SourceType type = definition.validate();
		Instant now = this.clock.instant();
		Optional<Source> existing = this.store.findForUpdate(name);
		Source source = new Source(name, type, definition.accessKeyId(), definition.secretAccessKey(),
				definition.profile(), definition.mfaSerial(), definition.region(),
				existing.map((old) -> old.version() + 1).orElse(1L), existing.map(Source::createdAt).orElse(now), now);
		if (existing.isPresent()) {
			List<String> broken = this.usage.stream()
				.flatMap((usage) -> usage.recipesBrokenBy(source).stream())
				.toList();
			if (!broken.isEmpty()) {
				throw new ConflictException("Replacing source '" + name + "' this way would break its workloads' "
						+ "recipes; change them first: " + String.join("; ", broken));
			}
			this.store.update(source);
			this.store.endMfaSession(name);
		}
		else {
			this.store.insert(source);
		}
		this.events.publishEvent(new SourceChanged(name));
		return new PutResult<>(source, existing.isEmpty());
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Source> find(String name) {
		return this.store.find(name);
	}

	/** Outside a transaction: one that cannot start must not stop the fallback. */
	@Override
	public Optional<Source> findForIssuance(String name) {
		return this.lastKnown.find(name);
	}

	@Override
	public Source get(String name) {
		return find(name).orElseThrow(() -> new NotFoundException("No source named '" + name + "'"));
	}

	@Override
	@Transactional(readOnly = true)
	public List<Source> all() {
		return this.store.all();
	}

	@Override
	@Transactional(readOnly = true)
	public Page<Source> page(PageRequest request) {
		return Page.of(this.store.page(request.after(), request.fetchSize()), request, Source::name);
	}

	@Override
	@Transactional
	public void delete(String name) {
		this.store.findForUpdate(name).orElseThrow(() -> new NotFoundException("No source named '" + name + "'"));
		List<String> users = this.usage.stream().flatMap((usage) -> usage.workloadsUsing(name).stream()).toList();
		if (!users.isEmpty()) {
			throw new ConflictException("Source '" + name + "' is used by workload(s) " + String.join(", ", users)
					+ "; move or delete them first");
		}
		this.store.delete(name);
		this.events.publishEvent(new SourceChanged(name));
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<MfaSession> current(String sourceName) {
		return this.store.findMfaSession(sourceName);
	}

	@Override
	@Transactional
	public void save(MfaSession session) {
		this.store.saveMfaSession(session, this.clock.instant());
		this.events.publishEvent(new SourceChanged(session.sourceName()));
	}

	@Override
	@Transactional
	public boolean end(String sourceName) {
		boolean ended = this.store.endMfaSession(sourceName);
		this.events.publishEvent(new SourceChanged(sourceName));
		return ended;
	}

}
