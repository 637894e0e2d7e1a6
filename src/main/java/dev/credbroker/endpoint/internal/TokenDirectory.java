package dev.credbroker.endpoint.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.endpoint.EndpointProperties;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.common.Resync;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.workload.RotatedToken;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;
import dev.credbroker.workload.WorkloadToken;

/**
 * Workload tokens in memory, by SHA-256, so the endpoint's hot path reads no database.
 * Loaded at start, updated on every workload change. Comparing hashes through a map does
 * not leak the token through timing: an attacker controls the token, not its hash.
 */
@Component
class TokenDirectory implements SmartInitializingSingleton {

	private final WorkloadCatalog workloads;

	private final StoreAvailability store;

	private final Clock clock;

	private final Map<String, WorkloadTicket> byTokenHash = new ConcurrentHashMap<>();

	private final Map<String, List<String>> hashesByWorkload = new ConcurrentHashMap<>();

	private final Map<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();

	/**
	 * The current ticket of each workload, for callers that proved it otherwise (OIDC).
	 */
	private final Map<String, WorkloadTicket> byWorkload = new ConcurrentHashMap<>();

	private final RateLimiterConfig rateLimit;

	TokenDirectory(WorkloadCatalog workloads, StoreAvailability store, Clock clock, EndpointProperties properties) {
		this.workloads = workloads;
		this.store = store;
		this.clock = clock;
		this.rateLimit = (properties.workloadRequestsPerSecond() > 0) ? RateLimiterConfig.custom()
			.limitForPeriod(properties.workloadRequestsPerSecond())
			.limitRefreshPeriod(Duration.ofSeconds(1))
			.timeoutDuration(Duration.ZERO)
			.build() : null;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.workloads.all().forEach(this::put);
	}

	/**
	 * The ticket for a token as presented, or {@code null} when unknown or past its grace
	 * period.
	 */
	WorkloadTicket find(String token) {
		return findByHash(WorkloadToken.hash(token));
	}

	/** As {@link #find(String)}, for a token already hashed. */
	WorkloadTicket findByHash(String tokenHash) {
		WorkloadTicket ticket = this.byTokenHash.get(tokenHash);
		return (ticket != null && ticket.isValidAt(this.clock.instant())) ? ticket : null;
	}

	/**
	 * The ticket of a workload proved by other means than its token (an OIDC token), or
	 * {@code null} when the workload is not known here.
	 */
	WorkloadTicket ticketOf(String workload) {
		return this.byWorkload.get(workload);
	}

	/**
	 * For a token not known here: looks it up in the store once, so that a workload
	 * created through another replica is served at once instead of after that replica's
	 * change reaches this one. {@code null} when the store does not know it either, or
	 * cannot be read. Callers bound how often this runs (the bad-token brake).
	 */
	WorkloadTicket findInStore(String token) {
		if (this.store.isDown()) {
			// no request thread waits for the pool's connection timeout during an outage
			return null;
		}
		try {
			return this.workloads.findByTokenHash(WorkloadToken.hash(token)).map((workload) -> {
				reload(workload.name());
				return find(token);
			}).orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		reload(event.name());
	}

	/**
	 * This replica may have missed changes: every workload's tickets are replaced by what
	 * the store holds, and those of workloads it no longer holds are dropped.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	synchronized void on(Resync event) {
		List<Workload> all = this.workloads.all();
		Set<String> names = all.stream().map(Workload::name).collect(Collectors.toSet());
		all.forEach((workload) -> replace(workload.name(), Optional.of(workload)));
		List.copyOf(this.hashesByWorkload.keySet())
			.stream()
			.filter((name) -> !names.contains(name))
			.forEach((name) -> replace(name, Optional.empty()));
	}

	/**
	 * Replaces a workload's tickets without a moment in which a still-valid token is
	 * unknown.
	 */
	synchronized void reload(String name) {
		replace(name, this.workloads.find(name));
	}

	private synchronized void replace(String name, Optional<Workload> workload) {
		List<String> before = this.hashesByWorkload.getOrDefault(name, List.of());
		List<String> after = workload.map(this::put).orElse(List.of());
		before.stream().filter((hash) -> !after.contains(hash)).forEach(this.byTokenHash::remove);
		if (after.isEmpty()) {
			this.hashesByWorkload.remove(name);
			this.rateLimiters.remove(name);
			this.byWorkload.remove(name);
		}
	}

	private synchronized List<String> put(Workload workload) {
		IssuanceKey key = IssuanceKey.of(workload);
		RateLimiter limiter = rateLimiter(workload.name());
		List<String> hashes = new ArrayList<>(1 + workload.rotatedTokens().size());
		WorkloadTicket current = new WorkloadTicket(key, workload.enabled(), limiter, null);
		this.byWorkload.put(workload.name(), current);
		this.byTokenHash.put(workload.tokenHash(), current);
		hashes.add(workload.tokenHash());
		for (RotatedToken rotated : workload.rotatedTokens()) {
			this.byTokenHash.put(rotated.hash(),
					new WorkloadTicket(key, workload.enabled(), limiter, rotated.validUntil()));
			hashes.add(rotated.hash());
		}
		this.hashesByWorkload.put(workload.name(), hashes);
		return hashes;
	}

	private RateLimiter rateLimiter(String workload) {
		if (this.rateLimit == null) {
			return null;
		}
		return this.rateLimiters.computeIfAbsent(workload,
				(name) -> RateLimiter.of("workload-" + name, this.rateLimit));
	}

}
