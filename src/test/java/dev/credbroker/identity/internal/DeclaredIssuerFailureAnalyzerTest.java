package dev.credbroker.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.credbroker.common.InvalidRequestException;

class DeclaredIssuerFailureAnalyzerTest {

	private final DeclaredIssuerFailureAnalyzer analyzer = new DeclaredIssuerFailureAnalyzer();

	@Test
	void reportsTheDeclaredIssuersPropertyAndItsEnvironmentVariableFromDeepInABeanCreationFailure() {
		InvalidRequestException cause = InvalidRequestException.of("credbroker.issuers.ci.ca-certificate-file",
				"cannot be read: /etc/ca.crt (NoSuchFileException)");
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("workloadService", "wrapped",
				new BeanCreationException("issuerService", "Failed to instantiate", cause)));
		assertThat(analysis.getDescription()).isEqualTo("The OIDC issuer declared in configuration is invalid: "
				+ "credbroker.issuers.ci.ca-certificate-file: cannot be read: /etc/ca.crt (NoSuchFileException).");
		assertThat(analysis.getAction()).startsWith(
				"Fix credbroker.issuers.ci.ca-certificate-file (environment: CREDBROKER_ISSUERS_CI_CA_CERTIFICATE_FILE)");
	}

	@Test
	void leavesOtherInvalidRequestsToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(InvalidRequestException.of("roleArn", "is not an ARN"))).isNull();
	}

}
