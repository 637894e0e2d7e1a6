package dev.credbroker.issuance;

/** The workload was deleted or replaced while its credentials were being issued. */
public class WorkloadGoneException extends IssuanceException {

	public WorkloadGoneException(String message) {
		super(message);
	}

	@Override
	public String code() {
		return "UpstreamUnavailable";
	}

}
