package dev.credbroker.source.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** Body of {@code POST /admin/v1/sources/{name}/mfa-session}. */
record MfaSessionRequest(
		@Schema(requiredMode = RequiredMode.REQUIRED, description = "the device's current code",
				pattern = "^\\d{6}$") String tokenCode,
		@Schema(minimum = "900", maximum = "129600", defaultValue = "43200") Integer durationSeconds) {

	/**
	 * Masked: Spring MVC logs request bodies at DEBUG, and this one holds an MFA code.
	 */
	@Override
	public String toString() {
		return "MfaSessionRequest[tokenCode=****, durationSeconds=" + this.durationSeconds + "]";
	}

}
