package dev.credbroker.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.common.Resync;
import dev.credbroker.identity.IdentityProperties;
import dev.credbroker.identity.IdentityRejectedException;
import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.identity.ProvedWorkload;
import dev.credbroker.identity.WorkloadIdentities;
import dev.credbroker.identity.internal.TokenVerifier.IssuerRuntime;
import dev.credbroker.identity.internal.TokenVerifier.VerifiedToken;
import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;
import dev.credbroker.workload.WorkloadToken;

/**
 * OIDC tokens to workloads: a token is verified ({@link TokenVerifier}), its issuer and
 * subject matched against the workloads' identity bindings (at most one can match: the
 * workload module refuses overlapping bindings), and the outcome remembered by the
 * token's SHA-256 until its {@code exp}. Issuers, their keys and the bindings are held in
 * memory, loaded at start and updated on every {@link IssuerChanged} and
 * {@link WorkloadChanged} (this instance's or, through the change feed, another's); any
 * such change forgets the remembered tokens.
 */
@Component
class OidcWorkloadIdentities implements WorkloadIdentities, SmartInitializingSingleton {

	private final IssuerService issuers;

	private final WorkloadCatalog workloads;

	private final IdentityProperties properties;

	private final Clock clock;

	private final TokenVerifier verifier = new TokenVerifier(this::issuerByIss);

	private final Map<String, IssuerRuntime> issuersByName = new ConcurrentHashMap<>();

	private final Map<String, List<IdentityBinding>> bindingsByWorkload = new ConcurrentHashMap<>();

	private final RememberedTokens remembered;

	/**
	 * Counts issuer and workload changes, so that a validation racing one is not
	 * remembered.
	 */
	private final AtomicLong changes = new AtomicLong();

	OidcWorkloadIdentities(IssuerService issuers, WorkloadCatalog workloads, IdentityProperties properties,
			Clock clock) {
		this.issuers = issuers;
		this.workloads = workloads;
		this.properties = properties;
		this.clock = clock;
		this.remembered = new RememberedTokens(properties.rememberedTokens());
	}

	/** Drops the remembered tokens that have expired since. */
	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void forgetExpiredTokens() {
		this.remembered.forgetExpired(this.clock.instant());
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.issuers.all().forEach((issuer) -> this.issuersByName.put(issuer.name(), runtime(issuer)));
		this.workloads.all().forEach(this::putBindings);
	}

	@Override
	public ProvedWorkload remembered(String token) {
		return rememberedByHash(WorkloadToken.hash(token));
	}

	@Override
	public ProvedWorkload rememberedByHash(String tokenHash) {
		return this.remembered.find(tokenHash, this.clock.instant());
	}

	@Override
	public ProvedWorkload prove(String token) {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new IdentityRejectedException("Token too long: " + token.length() + " characters, over the "
					+ MAX_TOKEN_LENGTH + " an OIDC token may have");
		}
		long changesBefore = this.changes.get();
		Instant now = this.clock.instant();
		VerifiedToken verified = this.verifier.verify(token, now);
		ProvedWorkload proved = workloadProvedBy(verified);
		if (now.isBefore(verified.expiresAt())) {
			String hash = WorkloadToken.hash(token);
			this.remembered.remember(hash, proved, verified.expiresAt(), now);
			if (this.changes.get() != changesBefore) {
				// Checked against issuers or bindings that changed meanwhile: the change
				// may not have forgotten it yet.
				this.remembered.forget(hash);
			}
		}
		return proved;
	}

	private ProvedWorkload workloadProvedBy(VerifiedToken verified) {
		String issuer = verified.issuer().name();
		List<String> matching = this.bindingsByWorkload.entrySet()
			.stream()
			.filter((entry) -> entry.getValue()
				.stream()
				.anyMatch((binding) -> binding.matches(issuer, verified.subject(), verified.claims())))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		if (matching.isEmpty()) {
			throw new IdentityRejectedException("No workload bound to subject '" + shorten(verified.subject())
					+ "' of issuer '" + issuer + "' (with the token's claims): add it to a workload's identities");
		}
		if (matching.size() > 1) {
			throw new IdentityRejectedException("Subject '" + shorten(verified.subject()) + "' of issuer '" + issuer
					+ "' matches the identities of several workloads (" + String.join(", ", matching) + ")");
		}
		return new ProvedWorkload(matching.get(0), "oidc:" + issuer + ":" + verified.subject());
	}

	private IssuerRuntime issuerByIss(String iss) {
		for (IssuerRuntime runtime : this.issuersByName.values()) {
			if (runtime.issuer().issuer().equals(iss)) {
				return runtime;
			}
		}
		return null;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		this.workloads.find(event.name())
			.ifPresentOrElse(this::putBindings, () -> this.bindingsByWorkload.remove(event.name()));
		forgetRememberedTokens();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(IssuerChanged event) {
		this.issuers.find(event.name())
			.ifPresentOrElse((issuer) -> this.issuersByName.put(issuer.name(), runtimeKeepingKeys(issuer)),
					() -> this.issuersByName.remove(event.name()));
		forgetRememberedTokens();
	}

	/**
	 * A full reload (the change feed may have missed changes): issuers and bindings
	 * become the store's, keys already fetched are kept for issuers that fetch them the
	 * same way.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void on(Resync event) {
		Map<String, IssuerRuntime> reloaded = new HashMap<>();
		this.issuers.all().forEach((issuer) -> reloaded.put(issuer.name(), runtimeKeepingKeys(issuer)));
		this.issuersByName.putAll(reloaded);
		this.issuersByName.keySet().retainAll(reloaded.keySet());
		List<Workload> all = this.workloads.all();
		all.forEach(this::putBindings);
		this.bindingsByWorkload.keySet().retainAll(all.stream().map(Workload::name).toList());
		forgetRememberedTokens();
	}

	/** Same place, trust and bearer as before: the keys fetched so far are kept. */
	private IssuerRuntime runtimeKeepingKeys(Issuer issuer) {
		IssuerRuntime before = this.issuersByName.get(issuer.name());
		return (before != null && before.issuer().fetchesKeysAs(issuer)) ? new IssuerRuntime(issuer, before.keys())
				: runtime(issuer);
	}

	/** After the change is applied: a validation that started before it is not kept. */
	private void forgetRememberedTokens() {
		this.changes.incrementAndGet();
		this.remembered.forgetAll();
	}

	/** Key fetches so far for an issuer (for tests and diagnostics), -1 if unknown. */
	int keyFetches(String issuer) {
		IssuerRuntime runtime = this.issuersByName.get(issuer);
		return (runtime != null) ? runtime.keys().fetches() : -1;
	}

	private void putBindings(Workload workload) {
		if (workload.identities().isEmpty()) {
			this.bindingsByWorkload.remove(workload.name());
		}
		else {
			this.bindingsByWorkload.put(workload.name(), workload.identities());
		}
	}

	private IssuerRuntime runtime(Issuer issuer) {
		return new IssuerRuntime(issuer, new IssuerKeys(issuer, this.properties.jwksRefetchInterval(),
				this.properties.fetchTimeout(), System::nanoTime));
	}

	private static String shorten(String value) {
		return (value.length() > 200) ? value.substring(0, 200) + "…" : value;
	}

}
