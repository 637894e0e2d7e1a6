package dev.credbroker.identity.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.credbroker.common.FieldViolation;
import dev.credbroker.common.InvalidRequestException;

/**
 * Turns an issuer declared in configuration that breaks a rule into a short start-up
 * report naming the property and what is allowed, instead of a bean-creation stack. Other
 * invalid requests are not about start-up and are left to the next analyzer.
 */
class DeclaredIssuerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRequestException> {

	static final String PREFIX = "credbroker.issuers.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRequestException cause) {
		if (cause.violations().isEmpty() || !cause.violations().get(0).field().startsWith(PREFIX)) {
			return null;
		}
		FieldViolation violation = cause.violations().get(0);
		return new FailureAnalysis(
				"The OIDC issuer declared in configuration is invalid: " + violation.field() + ": "
						+ violation.message() + ".",
				"Fix " + violation.field() + " (environment: "
						+ violation.field().toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_")
						+ "), or remove the issuer's credbroker.issuers.<name>.* properties, and start again.",
				cause);
	}

}
