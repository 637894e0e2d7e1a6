package dev.credbroker.issuance.internal;

/**
 * What an STS call is for, in the words its failure messages use.
 *
 * @param operation the STS operation ("AssumeRole")
 * @param source the source whose credentials sign the call, or {@code null} when others
 * do (a new access key, issued credentials)
 * @param roleArn the role asked for, for AssumeRole; else {@code null}
 * @param subject what was asked for ("role arn:aws:iam::...:role/app")
 */
record StsCall(String operation, String source, String roleArn, String subject) {

	static StsCall assumeRole(String source, String roleArn) {
		return new StsCall("AssumeRole", source, roleArn, "role " + roleArn);
	}

	static StsCall of(String operation, String source, String subject) {
		return new StsCall(operation, source, null, subject);
	}

	/** "AssumeRole for role arn:... with source 'main'". */
	String described() {
		return this.operation + " for " + this.subject
				+ ((this.source != null) ? " with source '" + this.source + "'" : "");
	}

}
