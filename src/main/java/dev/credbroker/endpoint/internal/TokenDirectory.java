package dev.credbroker.endpoint.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;
import dev.credbroker.workload.WorkloadToken;

/**
 * Workload tokens in memory, by SHA-256, so the endpoint's hot path reads no database. Loaded at start, updated on
 * every workload change. Comparing hashes through a map does not leak the token through timing: an attacker controls
 * the token, not its hash.
 */
@Component
class TokenDirectory implements SmartInitializingSingleton {

	private final WorkloadCatalog workloads;

	private final Clock clock;

	private final Map<String, WorkloadTicket> byTokenHash = new ConcurrentHashMap<>();

	private final Map<String, List<String>> hashesByWorkload = new ConcurrentHashMap<>();

	TokenDirectory(WorkloadCatalog workloads, Clock clock) {
		this.workloads = workloads;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.workloads.all().forEach(this::put);
	}

	/** The ticket for a token as presented, or {@code null} when unknown or past its grace period. */
	WorkloadTicket find(String token) {
		WorkloadTicket ticket = this.byTokenHash.get(WorkloadToken.hash(token));
		return (ticket != null && ticket.isValidAt(this.clock.instant())) ? ticket : null;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		reload(event.name());
	}

	synchronized void reload(String name) {
		remove(name);
		this.workloads.find(name).ifPresent(this::put);
	}

	private synchronized void put(Workload workload) {
		IssuanceKey key = new IssuanceKey(workload.name(), workload.version(), workload.source());
		List<String> hashes = new ArrayList<>(2);
		this.byTokenHash.put(workload.tokenHash(), new WorkloadTicket(key, workload.enabled(), null));
		hashes.add(workload.tokenHash());
		if (workload.previousTokenHash() != null && workload.previousTokenValidUntil() != null) {
			this.byTokenHash.put(workload.previousTokenHash(),
					new WorkloadTicket(key, workload.enabled(), workload.previousTokenValidUntil()));
			hashes.add(workload.previousTokenHash());
		}
		this.hashesByWorkload.put(workload.name(), hashes);
	}

	private void remove(String name) {
		List<String> hashes = this.hashesByWorkload.remove(name);
		if (hashes != null) {
			hashes.forEach(this.byTokenHash::remove);
		}
	}

}
