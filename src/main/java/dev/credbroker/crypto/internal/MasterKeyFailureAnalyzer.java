package dev.credbroker.crypto.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.credbroker.crypto.MasterKeyMismatchException;

/**
 * Turns a wrong master key into a short start-up report instead of a bean-creation stack.
 */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyMismatchException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set CREDBROKER_MASTER_KEY to the key this store was created with, or point credbroker.data-dir / "
						+ "spring.datasource.url at a store sealed with the current key.",
				cause);
	}

}
