package dev.credbroker.source.web;

/** Body of {@code POST /admin/v1/sources/{name}/mfa-session}. */
record MfaSessionRequest(String tokenCode, Integer durationSeconds) {

	/**
	 * Masked: Spring MVC logs request bodies at DEBUG, and this one holds an MFA code.
	 */
	@Override
	public String toString() {
		return "MfaSessionRequest[tokenCode=****, durationSeconds=" + this.durationSeconds + "]";
	}

}
