package dev.credbroker.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ColumnWidthsTest {

	private final ColumnWidths widths = ColumnWidths
		.of(Map.of("things.region", 8, "things.mfa_serial", 12, "things.detail", 5));

	record Thing(String region, String mfaSerial, String unstored, Integer region2) {
	}

	@Test
	void everyStringComponentIsCheckedAgainstTheColumnOfItsName() {
		InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
				() -> this.widths.requireFit("things", new Thing("x".repeat(9), "y".repeat(13), "z".repeat(999), 1)));

		assertThat(refused.violations()).extracting(FieldViolation::field).containsExactly("region", "mfaSerial");
		assertThat(refused.violations().get(0).message()).contains("at most 8").contains("not 9");
	}

	@Test
	void valuesAtTheWidthOrWithoutAColumnFit() {
		assertThatNoException()
			.isThrownBy(() -> this.widths.requireFit("things", new Thing("x".repeat(8), null, "z".repeat(999), null)));
		assertThatNoException()
			.isThrownBy(() -> this.widths.requireFit("other", new Thing("x".repeat(99), null, null, null)));
	}

	@Test
	void fitCutsWithAMarkerAndNeverSplitsASurrogatePair() {
		assertThat(this.widths.fit("things", "detail", "abcde")).isEqualTo("abcde");
		assertThat(this.widths.fit("things", "detail", "abcdef")).isEqualTo("abcd" + ColumnWidths.CUT_MARKER);
		assertThat(this.widths.fit("things", "detail", "abc\uD83D\uDE00z")).isEqualTo("abc" + ColumnWidths.CUT_MARKER);
		assertThat(this.widths.fit("THINGS", "DETAIL", "abcdef")).hasSize(5);
		assertThat(this.widths.fit("things", "unknown", "abcdef")).isEqualTo("abcdef");
		assertThat(this.widths.fit("things", "detail", null)).isNull();
	}

	@Test
	void componentNamesMapToSnakeCaseColumns() {
		assertThat(ColumnWidths.snakeCase("accessKeyId")).isEqualTo("access_key_id");
		assertThat(ColumnWidths.snakeCase("region")).isEqualTo("region");
		assertThat(ColumnWidths.snakeCase("mfaSerial")).isEqualTo("mfa_serial");
	}

}
