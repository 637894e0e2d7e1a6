package dev.credbroker.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class WorkloadTokenTest {

	@RepeatedTest(20)
	void isPrefixedHeaderSafeAnd256Bits() {
		String token = WorkloadToken.generate().reveal();
		assertThat(token).startsWith("cbw_").hasSize(4 + 43).matches("cbw_[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
	}

	@Test
	void generatedTokenIsMaskedWhenPrinted() {
		assertThat(WorkloadToken.generate().toString()).doesNotContain("cbw_");
	}

	@Test
	void hashIsLowerCaseHexSha256() {
		assertThat(WorkloadToken.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		String token = WorkloadToken.generate().reveal();
		assertThat(WorkloadToken.hash(token)).matches("[0-9a-f]{64}").isEqualTo(WorkloadToken.hash(token));
		assertThat(WorkloadToken.hash(token)).isNotEqualTo(WorkloadToken.hash(token + "x"));
	}

	@Test
	void tokensAndTheirHashesAreUnique() {
		Set<String> tokens = new HashSet<>();
		Set<String> hashes = new HashSet<>();
		for (int i = 0; i < 20_000; i++) {
			String token = WorkloadToken.generate().reveal();
			tokens.add(token);
			hashes.add(WorkloadToken.hash(token));
		}
		assertThat(tokens).hasSize(20_000);
		assertThat(hashes).hasSize(20_000);
	}

}
