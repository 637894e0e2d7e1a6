package dev.credbroker.common;

/**
 * This replica may have missed changes made through others (a gap in the change feed,
 * change rows pruned before it read them, or the periodic reconciliation): everything
 * that holds store state in memory reloads all of it (workloads, token hashes, sources)
 * and drops cached credentials whose workload version or source no longer match.
 *
 * @param reason why, for the log
 */
public record Resync(String reason) {
}
