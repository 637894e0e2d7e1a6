package dev.credbroker.identity;

/**
 * The workload an OIDC token proved, and how the caller proved itself, for the audit:
 * {@code oidc:<issuer>:<subject>}.
 */
public record ProvedWorkload(String workload, String proof) {
}
