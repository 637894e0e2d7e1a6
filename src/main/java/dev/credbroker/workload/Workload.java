package dev.credbroker.workload;

import java.time.Instant;

/**
 * A named consumer of issued credentials: its source, its recipe, and the hashes of its
 * tokens (never the tokens). {@code generation} is a random id given at creation and
 * never reused (a workload deleted and created again under its name is another
 * generation); {@code version} grows with every replace. Both key the issued-credentials
 * cache.
 */
public record Workload(String name, String generation, String source, Recipe recipe, boolean enabled, long version,
		String tokenHash, String previousTokenHash, Instant previousTokenValidUntil, Instant createdAt,
		Instant updatedAt) {
}
