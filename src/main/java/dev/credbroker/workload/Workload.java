package dev.credbroker.workload;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A named consumer of issued credentials: its source, its recipe, and the hashes of its
 * tokens (never the tokens): the current one, and those rotated out, each with the end of
 * its own grace period. {@code generation} is a random id given at creation and never
 * reused (a workload deleted and created again under its name is another generation);
 * {@code version} grows with every replace. Both key the issued-credentials cache.
 * {@code identities} are the OIDC bindings that also prove the workload;
 * {@code staticToken} is false for a workload that has no usable {@code cbw_} token (its
 * {@code tokenHash} is then that of a random value nobody was given).
 */
public record Workload(String name, String generation, String source, Recipe recipe, boolean enabled, long version,
		String tokenHash, List<RotatedToken> rotatedTokens, Instant createdAt, Instant updatedAt,
		List<IdentityBinding> identities, boolean staticToken) {

	public Workload {
		rotatedTokens = List.copyOf(rotatedTokens);
		identities = (identities != null) ? List.copyOf(identities) : List.of();
	}

	/** A workload proved by its static token only. */
	public Workload(String name, String generation, String source, Recipe recipe, boolean enabled, long version,
			String tokenHash, List<RotatedToken> rotatedTokens, Instant createdAt, Instant updatedAt) {
		this(name, generation, source, recipe, enabled, version, tokenHash, rotatedTokens, createdAt, updatedAt,
				List.of(), true);
	}

	/** The rotated-out tokens still in their grace period, the one ending first first. */
	public List<RotatedToken> tokensInGrace(Instant now) {
		return this.rotatedTokens.stream()
			.filter((token) -> token.isValidAt(now))
			.sorted(Comparator.comparing(RotatedToken::validUntil))
			.toList();
	}

}
