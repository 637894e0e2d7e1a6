package dev.credbroker.issuance;

/**
 * Keys the issued-credentials cache: a workload at one recipe version, drawing on one
 * source. A replaced recipe gets a new key, so credentials issued for the old one can
 * never be served for the new one.
 */
public record IssuanceKey(String workload, long version, String source) {
}
