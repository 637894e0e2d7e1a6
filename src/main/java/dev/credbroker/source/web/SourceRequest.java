package dev.credbroker.source.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AccessMode;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

import dev.credbroker.crypto.Secret;
import dev.credbroker.source.SourceDefinition;

/**
 * Body of {@code PUT /admin/v1/sources/{name}}. The {@code @Schema} limits are those
 * {@code SourceDefinition} checks, for the API description.
 */
record SourceRequest(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {
		"static", "default-chain", "profile" }) String type,
		@Schema(description = "static sources only", pattern = "^AKIA[A-Z0-9]{12,124}$") String accessKeyId,
		@Schema(description = "static sources only; write-only, never shown", pattern = "^[A-Za-z0-9/+=]{16,128}$",
				accessMode = AccessMode.WRITE_ONLY) Secret secretAccessKey,
		@Schema(description = "profile sources only: a profile of the broker's AWS config files",
				pattern = "^[\\w+=,.@-]{1,64}$") String profile,
		@Schema(description = "the MFA device: operators then open MFA sessions", pattern = "^[\\w+=/:,.@-]{9,256}$",
				minLength = 9, maxLength = 256) String mfaSerial,
		@Schema(description = "the STS region; default credbroker.sts.region",
				pattern = "^[a-z]{2}(-[a-z0-9]+)+-\\d{1,2}$", example = "eu-west-1") String region){

	SourceDefinition toDefinition() {
		return new SourceDefinition(this.type, this.accessKeyId, this.secretAccessKey, this.profile, this.mfaSerial,
				this.region);
	}

}
