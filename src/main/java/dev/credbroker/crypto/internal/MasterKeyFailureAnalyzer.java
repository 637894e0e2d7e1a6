package dev.credbroker.crypto.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.credbroker.crypto.MasterKeyException;

/**
 * Turns a master key problem (missing, malformed, exposed, wrong) into a short start-up
 * report that names the problem and its fix, instead of a bean-creation stack.
 */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyException cause) {
		return new FailureAnalysis(cause.problem(), cause.action(), cause);
	}

}
