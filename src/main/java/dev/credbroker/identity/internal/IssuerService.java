package dev.credbroker.identity.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.credbroker.common.ConflictException;
import dev.credbroker.common.IdentityLock;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.common.PutResult;
import dev.credbroker.identity.IssuerChanged;
import dev.credbroker.identity.IssuersProperties;
import dev.credbroker.identity.IssuersProperties.DeclaredIssuer;
import dev.credbroker.workload.IssuerNames;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;

/**
 * The OIDC issuers: those declared in configuration (validated at start, read-only
 * through the API) and those created through the admin API (stored, shared by every
 * replica through the change feed).
 */
@Service
public class IssuerService implements IssuerNames {

	private final IssuerStore store;

	private final ObjectProvider<WorkloadCatalog> workloads;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<String, Issuer> configured;

	private final IdentityLock identityLock;

	IssuerService(IssuerStore store, ObjectProvider<WorkloadCatalog> workloads, ApplicationEventPublisher events,
			Clock clock, IssuersProperties properties, IdentityLock identityLock) {
		this.identityLock = identityLock;
		this.store = store;
		this.workloads = workloads;
		this.events = events;
		this.clock = clock;
		this.configured = configured(properties, clock.instant());
		if (!this.configured.isEmpty()) {
			requireNoStoredIssuerWithADeclaredUrl(this.configured, store.all());
		}
	}

	/**
	 * A token's {@code iss} must name one issuer: an issuer created through the admin API
	 * before an issuer with its URL was declared in configuration stops the start, naming
	 * both, rather than leaving to chance which of the two checks such tokens.
	 */
	private static void requireNoStoredIssuerWithADeclaredUrl(Map<String, Issuer> configured, List<Issuer> stored) {
		for (Issuer declared : configured.values()) {
			otherWithUrlOf(declared, stored).ifPresent((other) -> {
				throw InvalidRequestException.of("credbroker.issuers." + declared.name() + ".issuer",
						declared.issuer() + " is also the issuer URL of issuer '" + other.name()
								+ "', created through the admin API; one issuer URL names one issuer (a token's iss"
								+ " names its issuer): remove this declaration, or move the identities that name '"
								+ other.name() + "' to '" + declared.name()
								+ "' and delete it (DELETE /admin/v1/issuers/" + other.name() + ")");
			});
		}
	}

	private static Map<String, Issuer> configured(IssuersProperties properties, Instant now) {
		Map<String, Issuer> issuers = new LinkedHashMap<>();
		properties.issuers().forEach((name, declared) -> {
			String prefix = "credbroker.issuers." + name + ".";
			Issuer issuer = IssuerValidator.validate(name, definitionOf(prefix, declared), Issuer.CONFIGURATION, prefix,
					0, now, now);
			otherWithUrlOf(issuer, issuers.values()).ifPresent((other) -> {
				throw InvalidRequestException.of(prefix + "issuer",
						issuer.issuer() + " is also credbroker.issuers." + other.name()
								+ ".issuer; one issuer URL can be declared once (a token's iss names its issuer)");
			});
			issuers.put(name, issuer);
		});
		return Map.copyOf(issuers);
	}

	/**
	 * The declared issuer as a definition; a CA certificate file is read here, once, so
	 * that what is wrong with it names that property.
	 */
	private static IssuerDefinition definitionOf(String prefix, DeclaredIssuer declared) {
		String ca = declared.caCertificate();
		String caFile = declared.caCertificateFile();
		if (caFile != null && !caFile.isBlank()) {
			if (ca != null && !ca.isBlank()) {
				throw InvalidRequestException.of(prefix + "ca-certificate-file",
						"give one of ca-certificate and ca-certificate-file, not both");
			}
			try {
				ca = Files.readString(Path.of(caFile));
			}
			catch (IOException | RuntimeException ex) {
				throw InvalidRequestException.of(prefix + "ca-certificate-file",
						"cannot be read: " + caFile + " (" + ex.getClass().getSimpleName() + ")");
			}
			IssuerValidator.requirePem(prefix + "ca-certificate-file", ca);
		}
		return new IssuerDefinition(declared.issuer(), declared.jwksUri(), declared.audiences(), ca,
				declared.bearerTokenFile(), declared.algorithms(),
				(declared.clockSkew() != null) ? declared.clockSkew().toString() : null,
				(declared.maxTokenLifetime() != null) ? declared.maxTokenLifetime().toString() : null);
	}

	/**
	 * Creates or replaces; checking that no other issuer has its URL and storing it is
	 * atomic, also across replicas.
	 */
	@Transactional
	public PutResult<Issuer> put(String name, IssuerDefinition definition) {
		requireNotConfigured(name, "change");
		this.identityLock.acquire();
		Instant now = this.clock.instant();
		Optional<Issuer> existing = this.store.findForUpdate(name);
		if (existing.isPresent()) {
			Issuer old = existing.get();
			Issuer replaced = IssuerValidator.validate(name, definition, Issuer.API, "", old.version() + 1,
					old.createdAt(), now);
			requireUniqueIss(replaced, all());
			this.store.update(replaced);
			this.events.publishEvent(new IssuerChanged(name));
			return new PutResult<>(replaced, false);
		}
		Issuer created = IssuerValidator.validate(name, definition, Issuer.API, "", 1, now, now);
		requireUniqueIss(created, all());
		this.store.insert(created);
		this.events.publishEvent(new IssuerChanged(name));
		return new PutResult<>(created, true);
	}

	@Transactional(readOnly = true)
	public Optional<Issuer> find(String name) {
		Issuer declared = this.configured.get(name);
		return (declared != null) ? Optional.of(declared) : this.store.find(name);
	}

	public Issuer get(String name) {
		return find(name).orElseThrow(() -> new NotFoundException("No issuer named '" + name + "'"));
	}

	@Transactional(readOnly = true)
	public List<Issuer> all() {
		List<Issuer> all = new ArrayList<>(this.configured.values());
		this.store.all().stream().filter((issuer) -> !this.configured.containsKey(issuer.name())).forEach(all::add);
		all.sort(Comparator.comparing(Issuer::name));
		return all;
	}

	/**
	 * Deletes unless a workload's identities name it; the check and the deletion are
	 * atomic against binding writes, also across replicas.
	 */
	@Transactional
	public void delete(String name) {
		requireNotConfigured(name, "delete");
		this.identityLock.acquire();
		if (this.store.findForUpdate(name).isEmpty()) {
			throw new NotFoundException("No issuer named '" + name + "'");
		}
		List<String> bound = this.workloads.getObject()
			.all()
			.stream()
			.filter((workload) -> workload.identities().stream().anyMatch((b) -> b.issuer().equals(name)))
			.map(Workload::name)
			.toList();
		if (!bound.isEmpty()) {
			throw new ConflictException("Issuer '" + name + "' is used by the identities of workloads "
					+ String.join(", ", bound) + "; remove those identities first");
		}
		this.store.delete(name);
		this.events.publishEvent(new IssuerChanged(name));
	}

	@Override
	public boolean isIssuer(String name) {
		return find(name).isPresent();
	}

	/** One {@code iss} names one issuer: a token's issuer is found by it. */
	private static void requireUniqueIss(Issuer candidate, Collection<Issuer> others) {
		otherWithUrlOf(candidate, others).ifPresent((other) -> {
			throw new ConflictException("Issuer '" + other.name() + "' already has the issuer URL " + candidate.issuer()
					+ "; one issuer URL can be declared once");
		});
	}

	/** Another issuer (by name) with the candidate's issuer URL, if any. */
	private static Optional<Issuer> otherWithUrlOf(Issuer candidate, Collection<Issuer> others) {
		return others.stream()
			.filter((other) -> !other.name().equals(candidate.name()) && other.issuer().equals(candidate.issuer()))
			.findFirst();
	}

	private void requireNotConfigured(String name, String action) {
		if (this.configured.containsKey(name)) {
			throw new ConflictException("Issuer '" + name + "' is declared in configuration (credbroker.issuers." + name
					+ ".*); " + action + " it there, not through the API");
		}
	}

}
