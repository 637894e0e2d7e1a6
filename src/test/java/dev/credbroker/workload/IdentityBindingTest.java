package dev.credbroker.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IdentityBindingTest {

	private static final Map<String, Object> KUBERNETES_CLAIMS = Map.of("kubernetes.io",
			Map.of("namespace", "billing", "serviceaccount", Map.of("name", "api")), "repository", "org/app",
			"run_number", 42);

	@Test
	void anExactSubjectMatchesOnlyItself() {
		IdentityBinding binding = binding("system:serviceaccount:billing:api");
		assertThat(binding.matches("k8s", "system:serviceaccount:billing:api", Map.of())).isTrue();
		assertThat(binding.matches("k8s", "system:serviceaccount:billing:api2", Map.of())).isFalse();
		assertThat(binding.matches("k8s", "system:serviceaccount:billing", Map.of())).isFalse();
		assertThat(binding.matches("other", "system:serviceaccount:billing:api", Map.of())).isFalse();
		assertThat(binding.matches("k8s", null, Map.of())).isFalse();
	}

	@Test
	void aWildcardSegmentMatchesExactlyOneNonEmptySegment() {
		IdentityBinding binding = binding("system:serviceaccount:billing:*");
		assertThat(binding.matches("k8s", "system:serviceaccount:billing:api", Map.of())).isTrue();
		assertThat(binding.matches("k8s", "system:serviceaccount:billing:", Map.of())).isFalse();
		assertThat(binding.matches("k8s", "system:serviceaccount:billing:a:b", Map.of())).isFalse();
		assertThat(binding.matches("k8s", "system:serviceaccount:payroll:api", Map.of())).isFalse();
		assertThat(binding("system:serviceaccount:*:api").matches("k8s", "system:serviceaccount:billing:api", Map.of()))
			.isTrue();
		// a star inside a segment is a literal character, not a glob
		assertThat(binding("repo:org/*").matches("k8s", "repo:org/app", Map.of())).isFalse();
	}

	@Test
	void claimsMatchByNameOrByPathThroughNestedObjects() {
		assertThat(binding("s", Map.of("kubernetes.io/namespace", "billing")).matches("k8s", "s", KUBERNETES_CLAIMS))
			.isTrue();
		assertThat(
				binding("s", Map.of("kubernetes.io/serviceaccount/name", "api")).matches("k8s", "s", KUBERNETES_CLAIMS))
			.isTrue();
		assertThat(binding("s", Map.of("kubernetes.io/namespace", "payroll")).matches("k8s", "s", KUBERNETES_CLAIMS))
			.isFalse();
		assertThat(binding("s", Map.of("kubernetes.io/missing", "x")).matches("k8s", "s", KUBERNETES_CLAIMS)).isFalse();
		// an object is never equal to a string
		assertThat(binding("s", Map.of("kubernetes.io/serviceaccount", "api")).matches("k8s", "s", KUBERNETES_CLAIMS))
			.isFalse();
		assertThat(binding("s", Map.of("repository", "org/app", "run_number", "42")).matches("k8s", "s",
				KUBERNETES_CLAIMS))
			.isTrue();
		// a top-level claim whose name holds a slash wins over the path
		assertThat(
				binding("s", Map.of("a/b", "flat")).matches("k8s", "s", Map.of("a/b", "flat", "a", Map.of("b", "x"))))
			.isTrue();
	}

	@Test
	void bindingsOverlapWhenOneTokenCouldMatchBoth() {
		assertThat(binding("system:serviceaccount:billing:*").overlaps(binding("system:serviceaccount:billing:api")))
			.isTrue();
		assertThat(binding("system:serviceaccount:*:api").overlaps(binding("system:serviceaccount:billing:*")))
			.isTrue();
		assertThat(binding("a:b").overlaps(binding("a:b"))).isTrue();
		// claims on one side only do not separate them: a token can carry the claim
		assertThat(binding("a:b", Map.of("env", "prod")).overlaps(binding("a:b"))).isTrue();
		assertThat(binding("a:b", Map.of("env", "prod")).overlaps(binding("a:b", Map.of("env", "prod", "x", "y"))))
			.isTrue();
	}

	@Test
	void bindingsAreDisjointWhenNoTokenCouldMatchBoth() {
		assertThat(binding("system:serviceaccount:billing:*").overlaps(binding("system:serviceaccount:payroll:*")))
			.isFalse();
		assertThat(binding("a:*").overlaps(binding("a:b:c"))).isFalse();
		assertThat(binding("a:b", Map.of("env", "prod")).overlaps(binding("a:b", Map.of("env", "dev")))).isFalse();
		assertThat(new IdentityBinding("k8s", "a:b", null).overlaps(new IdentityBinding("gitlab", "a:b", null)))
			.isFalse();
	}

	private static IdentityBinding binding(String subject) {
		return binding(subject, Map.of());
	}

	private static IdentityBinding binding(String subject, Map<String, String> claims) {
		return new IdentityBinding("k8s", subject, claims);
	}

}
