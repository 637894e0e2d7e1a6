package dev.credbroker.workload;

import java.util.List;
import java.util.Optional;

import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.crypto.Secret;

/** The workloads: create or replace, look up, delete, rotate tokens. */
public interface WorkloadCatalog {

	/**
	 * Creates or replaces; a new workload gets a token (unless {@code staticToken} is
	 * false), shown only in this answer. Checking its identity bindings (their issuers
	 * exist, no overlap with another workload's) and storing them is atomic, also across
	 * replicas sharing the store: of two concurrent writes whose bindings overlap, one is
	 * stored and the other refused naming it.
	 * @throws dev.credbroker.common.ConflictException when a binding overlaps another
	 * workload's
	 */
	WorkloadPutResult put(String name, WorkloadDefinition definition);

	Optional<Workload> find(String name);

	/**
	 * For issuance: the workload as stored or, while the store is unreachable, as this
	 * replica last read it.
	 */
	Optional<Workload> findForIssuance(String name);

	/**
	 * The workload whose current or rotated-out token has this SHA-256 hash, read from
	 * the store (for a token another replica has just issued).
	 */
	Optional<Workload> findByTokenHash(String tokenHash);

	/**
	 * @throws dev.credbroker.common.NotFoundException when there is no such workload
	 */
	Workload get(String name);

	List<Workload> all();

	/** One page of the workloads in name order, read from the store. */
	Page<Workload> page(PageRequest request);

	void delete(String name);

	/** A new token; the old one keeps working for the configured grace period. */
	Secret rotateToken(String name);

	/**
	 * The outcome of {@link #put}: the token is set only when the workload was created
	 * with a static token.
	 */
	record WorkloadPutResult(Workload workload, boolean created, Secret token) {
	}

}
