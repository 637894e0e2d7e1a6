package dev.credbroker.crypto;

/**
 * The master key cannot be used: missing, malformed, exposed, or not the store's key. The
 * broker does not start; the message names the problem and {@link #action()} the fix
 * (start-up prints both as a failure analysis).
 */
public class MasterKeyException extends IllegalStateException {

	private final String problem;

	private final String action;

	public MasterKeyException(String problem, String action) {
		super(problem + " " + action);
		this.problem = problem;
		this.action = action;
	}

	/** What is wrong, without the fix. */
	public String problem() {
		return this.problem;
	}

	/** What the operator should do. */
	public String action() {
		return this.action;
	}

}
