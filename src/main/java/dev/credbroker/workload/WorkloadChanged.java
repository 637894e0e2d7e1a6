package dev.credbroker.workload;

/**
 * A workload was created, replaced, deleted, or its token rotated: its cached credentials
 * and tokens are stale.
 *
 * @param remote whether the change was made by another broker instance sharing the store
 */
public record WorkloadChanged(String name, boolean remote) {

	/** A change made by this instance. */
	public WorkloadChanged(String name) {
		this(name, false);
	}

}
