package dev.credbroker.workload.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.credbroker.common.ConflictException;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.workload.IdentityBinding;
import dev.credbroker.workload.IssuerNames;

/**
 * The rules for a workload's OIDC bindings: each names a configured issuer and a subject,
 * and one token resolves to at most one workload, so a binding that could match a token
 * another workload's binding matches is refused.
 */
class IdentityBindings {

	static final int MAX_SUBJECT_LENGTH = 1024;

	private final IssuerNames issuers;

	IdentityBindings(IssuerNames issuers) {
		this.issuers = issuers;
	}

	List<IdentityBinding> validate(List<IdentityBinding> identities, boolean staticToken) {
		List<IdentityBinding> given = (identities != null) ? identities : List.of();
		if (!staticToken && given.isEmpty()) {
			throw InvalidRequestException.of("identities",
					"a workload without a static token (staticToken false) needs at least one identity");
		}
		List<IdentityBinding> valid = new ArrayList<>(given.size());
		for (int i = 0; i < given.size(); i++) {
			String field = "identities[" + i + "]";
			IdentityBinding binding = given.get(i);
			if (binding == null) {
				throw InvalidRequestException.of(field, "must be an object with issuer and subject");
			}
			if (binding.issuer() == null || binding.issuer().isBlank()) {
				throw InvalidRequestException.of(field + ".issuer", "is required: the name of a configured issuer");
			}
			if (!this.issuers.isIssuer(binding.issuer())) {
				throw InvalidRequestException.of(field + ".issuer",
						"no issuer named '" + binding.issuer() + "' (see GET /admin/v1/issuers)");
			}
			String subject = binding.subject();
			if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
				throw InvalidRequestException.of(field + ".subject",
						"is required: the token's sub, exact or with '*' segments (e.g. "
								+ "system:serviceaccount:billing:*), at most " + MAX_SUBJECT_LENGTH + " characters");
			}
			if (subject.equals("*") && binding.claims().isEmpty()) {
				throw InvalidRequestException.of(field + ".subject",
						"'*' alone matches every token of the issuer; bind a narrower subject or add claims");
			}
			for (Map.Entry<String, String> claim : binding.claims().entrySet()) {
				if (claim.getKey().isBlank() || claim.getValue() == null) {
					throw InvalidRequestException.of(field + ".claims",
							"each claim needs a path (e.g. kubernetes.io/namespace) and a string value");
				}
			}
			valid.add(binding);
		}
		return List.copyOf(valid);
	}

	/**
	 * @throws ConflictException naming the other workload when one of the bindings
	 * overlaps one of its bindings
	 */
	void requireNoOverlap(String workload, List<IdentityBinding> identities,
			Map<String, List<IdentityBinding>> othersBindings) {
		for (Map.Entry<String, List<IdentityBinding>> other : othersBindings.entrySet()) {
			if (other.getKey().equals(workload)) {
				continue;
			}
			for (int i = 0; i < identities.size(); i++) {
				for (IdentityBinding theirs : other.getValue()) {
					if (identities.get(i).overlaps(theirs)) {
						throw new ConflictException("identities[" + i + "] (" + identities.get(i).describe()
								+ ") overlaps workload '" + other.getKey() + "' (" + theirs.describe()
								+ "): one token would prove both workloads; narrow the subject or add a claim "
								+ "that tells them apart");
					}
				}
			}
		}
	}

}
