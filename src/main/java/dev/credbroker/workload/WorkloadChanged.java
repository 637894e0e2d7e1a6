package dev.credbroker.workload;

/** A workload was created, replaced, deleted, or its token rotated: its cached credentials and tokens are stale. */
public record WorkloadChanged(String name) {
}
