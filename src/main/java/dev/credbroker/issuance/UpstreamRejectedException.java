package dev.credbroker.issuance;

/**
 * STS refused the recipe (AccessDenied, MalformedPolicyDocument, ValidationError...):
 * retrying will not help.
 */
public class UpstreamRejectedException extends IssuanceException {

	private final String stsErrorCode;

	public UpstreamRejectedException(String stsErrorCode, String message) {
		super(message);
		this.stsErrorCode = stsErrorCode;
	}

	public String stsErrorCode() {
		return this.stsErrorCode;
	}

	@Override
	public String code() {
		return "UpstreamRejected";
	}

}
