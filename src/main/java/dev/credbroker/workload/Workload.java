package dev.credbroker.workload;

import java.time.Instant;

/**
 * A named consumer of issued credentials: its source, its recipe, and the hashes of its
 * tokens (never the tokens). {@code version} grows with every replace, and keys the
 * issued-credentials cache.
 */
public record Workload(String name, String source, Recipe recipe, boolean enabled, long version, String tokenHash,
		String previousTokenHash, Instant previousTokenValidUntil, Instant createdAt, Instant updatedAt) {
}
