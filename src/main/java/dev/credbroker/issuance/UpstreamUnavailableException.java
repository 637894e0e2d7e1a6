package dev.credbroker.issuance;

/**
 * STS is down, throttling after retries, or did not answer in time: a retry later may
 * succeed.
 */
public class UpstreamUnavailableException extends IssuanceException {

	public UpstreamUnavailableException(String message) {
		super(message);
	}

	@Override
	public String code() {
		return "UpstreamUnavailable";
	}

}
