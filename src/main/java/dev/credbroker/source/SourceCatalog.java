package dev.credbroker.source;

import java.util.List;
import java.util.Optional;

import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.PutResult;

/** The sources the broker holds: create or replace, look up, delete. */
public interface SourceCatalog {

	PutResult<Source> put(String name, SourceDefinition definition);

	Optional<Source> find(String name);

	/**
	 * For issuance: the source as stored or, while the store is unreachable, as this
	 * replica last read it.
	 */
	Optional<Source> findForIssuance(String name);

	/**
	 * @throws dev.credbroker.common.NotFoundException when there is no such source
	 */
	Source get(String name);

	List<Source> all();

	/** One page of the sources in name order, read from the store. */
	Page<Source> page(PageRequest request);

	/**
	 * @throws dev.credbroker.common.ConflictException while a workload uses it
	 */
	void delete(String name);

}
