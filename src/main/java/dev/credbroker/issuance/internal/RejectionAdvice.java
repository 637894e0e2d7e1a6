package dev.credbroker.issuance.internal;

/** What an operator can do about an STS refusal, by error code. */
final class RejectionAdvice {

	private RejectionAdvice() {
	}

	static String forCode(String code) {
		if (code == null) {
			return "STS (or something in front of it) gave no error code; check the role's trust policy, the "
					+ "source's keys and permissions, and the STS endpoint.";
		}
		return switch (code) {
			case "AccessDenied",
					"AccessDeniedException" ->
				"Check that the role's trust policy names the source's "
						+ "IAM identity and that the identity may call this STS action (and sts:TagSession / "
						+ "sts:SetSourceIdentity when the recipe sets tags or a source identity).";
			case "MalformedPolicyDocument" -> "Fix the recipe's sessionPolicy.";
			case "PackedPolicyTooLarge" -> "Shorten the session policy, policy ARNs or session tags.";
			case "ValidationError" ->
				"Check durationSeconds against the role's maximum session duration and the " + "recipe's other fields.";
			case "ExpiredToken", "ExpiredTokenException" ->
				"The source's credentials have expired; renew them (or " + "open a new MFA session).";
			case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException" ->
				"The source's access " + "key is wrong, inactive or deleted; replace the source's keys.";
			case "RegionDisabledException" ->
				"Activate STS in this region for the account, or set the source's region.";
			default -> "Fix the recipe or the IAM configuration it relies on.";
		};
	}

}
