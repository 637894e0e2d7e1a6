package dev.credbroker.source;

/**
 * A source was replaced, deleted, or its MFA session opened or ended: credentials issued
 * from it are stale.
 *
 * @param remote whether the change was made by another broker instance sharing the store
 */
public record SourceChanged(String name, boolean remote) {

	/** A change made by this instance. */
	public SourceChanged(String name) {
		this(name, false);
	}

}
