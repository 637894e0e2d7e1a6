package dev.credbroker.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

	@ParameterizedTest
	@ValueSource(strings = { "a", "0", "main", "a-", "0-a-b",
			"a12345678901234567890123456789012345678901234567890123456789012" })
	void namesOfTheRuleAreValid(String name) {
		assertThat(Names.isValid(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Main", "-main", "main_1", "main.1", "mäin", "main ", "a/b",
			"a123456789012345678901234567890123456789012345678901234567890123" })
	void othersAreRejectedNamingTheField(String name) {
		assertThat(Names.isValid(name)).isFalse();
		assertThat(assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> Names.requireValid("name", name))
			.actual()
			.violations()).singleElement().satisfies((violation) -> {
				assertThat(violation.field()).isEqualTo("name");
				assertThat(violation.message()).contains(Names.RULE);
			});
	}

	@org.junit.jupiter.api.Test
	void nullIsInvalid() {
		assertThat(Names.isValid(null)).isFalse();
	}

}
