package dev.credbroker.workload;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which OIDC tokens prove a workload's identity: tokens of the named issuer whose
 * {@code sub} matches {@code subject} and whose claims hold every value of
 * {@code claims}.
 * <p>
 * {@code subject} is exact, or has {@code *} segments: the subject is split at {@code :},
 * and a {@code *} segment matches any one non-empty segment
 * ({@code system:serviceaccount:billing:*} matches every service account of the
 * {@code billing} namespace, not {@code system:serviceaccount:billing:a:b}).
 * <p>
 * A claim is named by its path: {@code kubernetes.io/namespace} is the claim of that name
 * if the token has one, else {@code namespace} inside the {@code kubernetes.io} object.
 * Values match exactly, as strings.
 *
 * @param issuer the name of the issuer (as configured in the broker, not its URL)
 */
public record IdentityBinding(String issuer, String subject, Map<String, String> claims) {

	public IdentityBinding {
		claims = (claims != null) ? Map.copyOf(claims) : Map.of();
	}

	/** Whether a verified token of {@code issuerName} proves this binding. */
	public boolean matches(String issuerName, String tokenSubject, Map<String, Object> tokenClaims) {
		if (!this.issuer.equals(issuerName) || !subjectMatches(this.subject, tokenSubject)) {
			return false;
		}
		for (Map.Entry<String, String> claim : this.claims.entrySet()) {
			Object value = claimAt(tokenClaims, claim.getKey());
			if (value == null || !claim.getValue().equals(String.valueOf(value))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether one token could match both bindings: same issuer, subjects that some
	 * subject matches both of, and no claim required with two different values.
	 */
	public boolean overlaps(IdentityBinding other) {
		if (!this.issuer.equals(other.issuer) || !subjectsOverlap(this.subject, other.subject)) {
			return false;
		}
		for (Map.Entry<String, String> claim : this.claims.entrySet()) {
			String theirs = other.claims.get(claim.getKey());
			if (theirs != null && !theirs.equals(claim.getValue())) {
				return false;
			}
		}
		return true;
	}

	/** {@code issuer}, {@code subject} and claims, for messages. */
	public String describe() {
		return "issuer '" + this.issuer + "', subject '" + this.subject + "'"
				+ (this.claims.isEmpty() ? "" : ", claims " + new java.util.TreeMap<>(this.claims));
	}

	static boolean subjectMatches(String pattern, String subject) {
		if (subject == null) {
			return false;
		}
		if (!pattern.contains("*")) {
			return pattern.equals(subject);
		}
		List<String> wanted = segments(pattern);
		List<String> given = segments(subject);
		if (wanted.size() != given.size()) {
			return false;
		}
		for (int i = 0; i < wanted.size(); i++) {
			String segment = wanted.get(i);
			if (segment.equals("*") ? given.get(i).isEmpty() : !segment.equals(given.get(i))) {
				return false;
			}
		}
		return true;
	}

	static boolean subjectsOverlap(String one, String other) {
		List<String> a = segments(one);
		List<String> b = segments(other);
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (!a.get(i).equals("*") && !b.get(i).equals("*") && !a.get(i).equals(b.get(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The claim at {@code path}: the top-level claim of that exact name, else the path
	 * walked through nested objects at each {@code /}.
	 */
	static Object claimAt(Map<String, Object> claims, String path) {
		if (claims.containsKey(path)) {
			return claims.get(path);
		}
		Object current = claims;
		for (String step : path.split("/", -1)) {
			if (!(current instanceof Map<?, ?> object)) {
				return null;
			}
			current = object.get(step);
		}
		return (current instanceof Map || current instanceof List) ? null : current;
	}

	private static List<String> segments(String subject) {
		return List.of(subject.split(":", -1));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof IdentityBinding binding && this.issuer.equals(binding.issuer)
				&& this.subject.equals(binding.subject) && this.claims.equals(binding.claims);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.issuer, this.subject, this.claims);
	}

}
