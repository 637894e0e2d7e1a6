package dev.credbroker.source.web;

/** Body of {@code POST /admin/v1/sources/{name}/mfa-session}. */
record MfaSessionRequest(String tokenCode, Integer durationSeconds) {
}
