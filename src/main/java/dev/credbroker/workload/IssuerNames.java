package dev.credbroker.workload;

/**
 * The OIDC issuers a workload's identities may name. Implemented by the identity module,
 * which owns issuers (and depends on this one).
 */
public interface IssuerNames {

	/** Whether an issuer of this name is configured. */
	boolean isIssuer(String name);

}
