package dev.credbroker.workload.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.credbroker.common.ConflictException;
import dev.credbroker.common.IdentityLock;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.Names;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.crypto.Secret;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceUsage;
import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.IssuerNames;
import dev.credbroker.workload.Recipe;
import dev.credbroker.workload.RotatedToken;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;
import dev.credbroker.workload.WorkloadDefinition;
import dev.credbroker.workload.WorkloadProperties;
import dev.credbroker.workload.WorkloadToken;

@Service
class WorkloadService implements WorkloadCatalog, SourceUsage {

	private final WorkloadStore store;

	private final SourceCatalog sources;

	private final RecipeValidator validator;

	private final WorkloadProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final LastKnownWorkloads lastKnown;

	private final IdentityBindings identityBindings;

	private final IdentityLock identityLock;

	WorkloadService(WorkloadStore store, SourceCatalog sources, WorkloadProperties properties,
			ApplicationEventPublisher events, Clock clock, LastKnownWorkloads lastKnown, IssuerNames issuers,
			IdentityLock identityLock) {
		this.identityLock = identityLock;
		this.lastKnown = lastKnown;
		this.identityBindings = new IdentityBindings(issuers);
		this.store = store;
		this.sources = sources;
		this.validator = new RecipeValidator(properties);
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	@Override
	@Transactional
	public WorkloadPutResult put(String name, WorkloadDefinition definition) {
		Names.requireValid("name", name);
		if (definition.source() == null) {
			throw InvalidRequestException.of("source", "is required: the name of the source to issue from");
		}
		Source source = this.sources.find(definition.source())
			.orElseThrow(() -> InvalidRequestException.of("source", "no source named '" + definition.source() + "'"));
		Recipe recipe = this.validator.validate(name, definition, source);
		boolean enabled = (definition.enabled() != null) ? definition.enabled() : true;
		boolean staticToken = (definition.staticToken() != null) ? definition.staticToken() : true;
		if (definition.identities() != null && !definition.identities().isEmpty()) {
			// Check the bindings (issuers exist, no overlap) and write them as one step:
			// a concurrent overlapping write or issuer deletion, here or on another
			// replica, waits, and one of the two is refused.
			this.identityLock.acquire();
		}
		List<IdentityBinding> identities = this.identityBindings.validate(definition.identities(), staticToken);
		Instant now = this.clock.instant();
		Optional<Workload> existing = this.store.findForUpdate(name);
		if (!identities.isEmpty()) {
			this.identityBindings.requireNoOverlap(name, identities, this.store.identityBindings());
		}
		if (existing.isPresent()) {
			Workload old = existing.get();
			if (staticToken && !old.staticToken()) {
				throw InvalidRequestException.of("staticToken",
						"cannot be turned on for a workload created without a static token; "
								+ "delete the workload and create it again");
			}
			// Turned off: the token and those in grace stop working at once.
			String tokenHash = staticToken ? old.tokenHash() : unusableTokenHash(old);
			List<RotatedToken> rotated = staticToken ? old.rotatedTokens() : List.of();
			Workload replaced = new Workload(name, old.generation(), source.name(), recipe, enabled, old.version() + 1,
					tokenHash, rotated, old.createdAt(), now, identities, staticToken);
			this.store.update(replaced);
			this.events.publishEvent(new WorkloadChanged(name));
			return new WorkloadPutResult(replaced, false, null);
		}
		Secret token = WorkloadToken.generate();
		Workload created = new Workload(name, UUID.randomUUID().toString(), source.name(), recipe, enabled, 1L,
				WorkloadToken.hash(token.reveal()), List.of(), now, now, identities, staticToken);
		this.store.insert(created);
		this.events.publishEvent(new WorkloadChanged(name));
		return new WorkloadPutResult(created, true, staticToken ? token : null);
	}

	/**
	 * The hash of a random token shown to nobody: the column stays unique and not null,
	 * and no request can present it.
	 */
	private static String unusableTokenHash(Workload old) {
		return old.staticToken() ? WorkloadToken.hash(WorkloadToken.generate().reveal()) : old.tokenHash();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Workload> find(String name) {
		return this.store.find(name);
	}

	/** Outside a transaction: one that cannot start must not stop the fallback. */
	@Override
	public Optional<Workload> findForIssuance(String name) {
		return this.lastKnown.find(name);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Workload> findByTokenHash(String tokenHash) {
		return this.store.nameByTokenHash(tokenHash).flatMap(this.store::find);
	}

	@Override
	public Workload get(String name) {
		return find(name).orElseThrow(() -> new NotFoundException("No workload named '" + name + "'"));
	}

	@Override
	@Transactional(readOnly = true)
	public List<Workload> all() {
		return this.store.all();
	}

	@Override
	@Transactional(readOnly = true)
	public Page<Workload> page(PageRequest request) {
		return Page.of(this.store.page(request.after(), request.fetchSize()), request, Workload::name);
	}

	@Override
	@Transactional
	public void delete(String name) {
		if (!this.store.delete(name)) {
			throw new NotFoundException("No workload named '" + name + "'");
		}
		this.events.publishEvent(new WorkloadChanged(name));
	}

	@Override
	@Transactional
	public Secret rotateToken(String name) {
		Workload old = this.store.findForUpdate(name)
			.orElseThrow(() -> new NotFoundException("No workload named '" + name + "'"));
		if (!old.staticToken()) {
			throw new ConflictException("Workload '" + name + "' has no static token (staticToken false): "
					+ "it proves itself with OIDC tokens only");
		}
		Instant now = this.clock.instant();
		List<RotatedToken> inGrace = old.tokensInGrace(now);
		if (inGrace.size() >= this.properties.maxTokensInGrace()) {
			throw new ConflictException("Workload '" + name + "' already has " + inGrace.size()
					+ " rotated-out tokens in their grace period (credbroker.workloads.max-tokens-in-grace); "
					+ "rotate again once the oldest one's grace ends at " + inGrace.get(0).validUntil());
		}
		Secret token = WorkloadToken.generate();
		List<RotatedToken> rotatedTokens = new ArrayList<>(inGrace);
		rotatedTokens.add(new RotatedToken(old.tokenHash(), now.plus(this.properties.tokenGrace())));
		Workload rotated = new Workload(name, old.generation(), old.source(), old.recipe(), old.enabled(),
				old.version(), WorkloadToken.hash(token.reveal()), rotatedTokens, old.createdAt(), now,
				old.identities(), true);
		this.store.update(rotated);
		this.events.publishEvent(new WorkloadChanged(name));
		return token;
	}

	@Override
	public List<String> recipesBrokenBy(Source candidate) {
		List<String> broken = new java.util.ArrayList<>();
		for (Workload workload : this.store.all()) {
			if (workload.source().equals(candidate.name())) {
				try {
					this.validator.validate(workload.name(), asDefinition(workload), candidate);
				}
				catch (InvalidRequestException ex) {
					broken.add("workload " + workload.name() + ": " + ex.getMessage());
				}
			}
		}
		return broken;
	}

	private static WorkloadDefinition asDefinition(Workload workload) {
		Recipe recipe = workload.recipe();
		return new WorkloadDefinition(workload.source(), recipe.type().wireName(), recipe.roleArn(),
				recipe.externalId(), recipe.sessionPolicy(), true, recipe.policyArns(), recipe.sessionTags(),
				recipe.sourceIdentity(), recipe.durationSeconds(), recipe.roleSessionName(), workload.enabled(),
				workload.identities(), workload.staticToken());
	}

	@Override
	@Transactional(readOnly = true)
	public List<String> workloadsUsing(String sourceName) {
		return this.store.namesUsingSource(sourceName);
	}

}
