package dev.credbroker.source;

/** A source was replaced, deleted, or its MFA session opened or ended: credentials issued from it are stale. */
public record SourceChanged(String name) {
}
