package dev.credbroker.source;

import java.util.regex.Pattern;

import dev.credbroker.common.Violations;
import dev.credbroker.crypto.Secret;

/**
 * What an operator asks a source to be; {@link #validate()} applies the rules of
 * docs/CONTRACT.md before anything is stored.
 */
public record SourceDefinition(String type, String accessKeyId, Secret secretAccessKey, String profile,
		String mfaSerial, String region) {

	private static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{12,124}");

	private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9/+=]{16,128}");

	private static final Pattern PROFILE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

	/** docs/CONTRACT.md: 9–256 of [\w+=/:,.@-]. */
	public static final Pattern MFA_SERIAL = Pattern.compile("[\\w+=/:,.@-]{9,256}");

	private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d{1,2}");

	public SourceType validate() {
		Violations violations = new Violations();
		SourceType sourceType = SourceType.fromWireName(this.type).orElse(null);
		if (sourceType == null) {
			violations.add("type", "must be one of static, default-chain, profile");
		}
		if (sourceType == SourceType.STATIC) {
			if (this.accessKeyId == null || !ACCESS_KEY_ID.matcher(this.accessKeyId).matches()) {
				violations.add("accessKeyId", "a static source needs the long-term access key id of an IAM user "
						+ "(AKIA followed by 12-124 upper-case letters or digits)");
			}
			if (this.secretAccessKey == null || !SECRET_ACCESS_KEY.matcher(this.secretAccessKey.reveal()).matches()) {
				violations.add("secretAccessKey", "a static source needs the secret access key (16-128 characters "
						+ "of A-Z, a-z, 0-9, /, + and =)");
			}
		}
		else {
			if (this.accessKeyId != null) {
				violations.add("accessKeyId", "is only allowed for type static");
			}
			if (this.secretAccessKey != null) {
				violations.add("secretAccessKey", "is only allowed for type static");
			}
		}
		if (sourceType == SourceType.PROFILE) {
			if (this.profile == null || !PROFILE_NAME.matcher(this.profile).matches()) {
				violations.add("profile",
						"a profile source needs the profile name (1-64 of letters, digits and " + "+=,.@_-)");
			}
		}
		else if (this.profile != null) {
			violations.add("profile", "is only allowed for type profile");
		}
		if (this.mfaSerial != null && !MFA_SERIAL.matcher(this.mfaSerial).matches()) {
			violations.add("mfaSerial", "must be 9-256 characters of letters, digits and +=/:,.@_- (the ARN of the "
					+ "MFA device, e.g. arn:aws:iam::123456789012:mfa/ops)");
		}
		if (this.region != null && !REGION.matcher(this.region).matches()) {
			violations.add("region", "must be an AWS region name such as us-east-1");
		}
		violations.throwIfAny();
		return sourceType;
	}

}
