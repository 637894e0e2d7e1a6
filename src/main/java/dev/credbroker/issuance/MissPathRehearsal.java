package dev.credbroker.issuance;

import java.net.URI;

import dev.credbroker.source.Source;
import dev.credbroker.workload.WorkloadCatalog;

/**
 * Throwaway copies of the issuance pipeline for the start-up warm-up of the miss path:
 * the broker's own classes (cache, recipe issuer, STS gateway with its SDK client and
 * HTTP client) on the broker's STS threads, but calling a fake STS, knowing only the
 * given workloads and source, auditing nothing and counting in a registry of their own,
 * so that nothing of a rehearsal is left once it is closed.
 */
public interface MissPathRehearsal {

	/**
	 * A vending pipeline whose STS is {@code sts} and whose only workloads and source are
	 * the given ones; close it after use.
	 */
	Rehearsal open(URI sts, WorkloadCatalog workloads, Source source);

	/** One rehearsal pipeline. */
	interface Rehearsal extends AutoCloseable {

		CredentialVending vending();

		@Override
		void close();

	}

}
