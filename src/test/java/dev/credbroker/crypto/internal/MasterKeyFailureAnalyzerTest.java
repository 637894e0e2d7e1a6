package dev.credbroker.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.credbroker.crypto.MasterKeyException;

class MasterKeyFailureAnalyzerTest {

	@Test
	void reportsTheProblemAndItsFixFromDeepInABeanCreationFailure() {
		MasterKeyException cause = new MasterKeyException("The master key file /d/master.key is missing.",
				"Restore /d/master.key from your backup.");
		FailureAnalysis analysis = new MasterKeyFailureAnalyzer().analyze(new BeanCreationException("sourceStore",
				"wrapped", new BeanCreationException("secretSealer", "Failed to instantiate", cause)));
		assertThat(analysis.getDescription()).isEqualTo("The master key file /d/master.key is missing.");
		assertThat(analysis.getAction()).isEqualTo("Restore /d/master.key from your backup.");
	}

}
