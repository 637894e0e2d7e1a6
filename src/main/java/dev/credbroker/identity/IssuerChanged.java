package dev.credbroker.identity;

/**
 * An OIDC issuer was created, replaced or deleted: its keys and the tokens it vouched for
 * are stale.
 *
 * @param remote whether the change was made by another broker instance sharing the store
 */
public record IssuerChanged(String name, boolean remote) {

	/** A change made by this instance. */
	public IssuerChanged(String name) {
		this(name, false);
	}

}
