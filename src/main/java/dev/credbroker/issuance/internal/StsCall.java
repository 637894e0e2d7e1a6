package dev.credbroker.issuance.internal;

/**
 * What an STS call is for, in the words its failure messages use.
 *
 * @param operation the STS operation ("AssumeRole")
 * @param source the source whose credentials sign the call, or {@code null} when others
 * do (a new access key, issued credentials)
 * @param roleArn the role asked for, for AssumeRole; else {@code null}
 * @param subject what was asked for ("role arn:aws:iam::...:role/app")
 * @param callerLogsFailure whether the caller logs the call's failure itself (a renewal,
 * whose line names the workload), so that the gateway does not log it a second time
 */
record StsCall(String operation, String source, String roleArn, String subject, boolean callerLogsFailure) {

	static StsCall assumeRole(String source, String roleArn) {
		return new StsCall("AssumeRole", source, roleArn, "role " + roleArn, false);
	}

	static StsCall of(String operation, String source, String subject) {
		return new StsCall(operation, source, null, subject, false);
	}

	/** This call, its failure logged by the caller only. */
	StsCall failureLoggedByCaller() {
		return new StsCall(this.operation, this.source, this.roleArn, this.subject, true);
	}

	/** "AssumeRole for role arn:... with source 'main'". */
	String described() {
		return this.operation + " for " + this.subject
				+ ((this.source != null) ? " with source '" + this.source + "'" : "");
	}

}
