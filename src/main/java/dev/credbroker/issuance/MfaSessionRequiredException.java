package dev.credbroker.issuance;

/** The workload's source sits behind an MFA device and no MFA session is open. */
public class MfaSessionRequiredException extends IssuanceException {

	public MfaSessionRequiredException(String message) {
		super(message);
	}

	@Override
	public String code() {
		return "MfaSessionRequired";
	}

}
