package dev.credbroker.issuance;

import dev.credbroker.workload.Workload;

/**
 * Keys the issued-credentials cache: one generation of a workload at one recipe version,
 * drawing on one source. A replaced recipe, or a workload deleted and created again under
 * the same name, gets a new key, so credentials issued for the old one can never be
 * served for the new one, nor to a token of the old one.
 */
public record IssuanceKey(String workload, String generation, long version, String source) {

	/** The key of the workload's recipe as it stands. */
	public static IssuanceKey of(Workload workload) {
		return new IssuanceKey(workload.name(), workload.generation(), workload.version(), workload.source());
	}

	/** Whether {@code workload} is still exactly what this key was made from. */
	public boolean matches(Workload workload) {
		return this.workload.equals(workload.name()) && this.generation.equals(workload.generation())
				&& this.version == workload.version() && this.source.equals(workload.source());
	}

}
