/**
 * How a caller proves itself beyond a static workload token: OIDC issuers (Kubernetes
 * service accounts, CI jobs) whose short-lived tokens, validated here, resolve to the
 * workload whose identity binding they match.
 */
package dev.credbroker.identity;
