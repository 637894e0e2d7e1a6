package dev.credbroker.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

	@Test
	void withoutParametersTheFirstPageOfTheDefaultSize() {
		PageRequest request = PageRequest.of(null, null);
		assertThat(request).isEqualTo(PageRequest.FIRST);
		assertThat(request.limit()).isEqualTo(100);
		assertThat(request.after()).isNull();
		assertThat(request.fetchSize()).isEqualTo(101);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "7", "100", "999", "1000", "0001" })
	void limitsFromOneToAThousandAreTaken(String limit) {
		assertThat(PageRequest.of(limit, null).limit()).isEqualTo(Integer.parseInt(limit));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "0", "-1", "1001", "99999999999999", "", " 5", "5 ", "+5", "5.0", "1e2", "ten", "0x10", "１０" })
	void otherLimitsAreRefusedNamingLimitWithoutEchoingTheValue(String limit) {
		InvalidRequestException refused = assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> PageRequest.of(limit, null))
			.actual();
		assertThat(refused.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("limit");
			assertThat(violation.message()).isEqualTo("must be a whole number from 1 to 1000");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "main", "a-b-c", "a12345678901234567890123456789012345678901234567890123456789012",
			"name with spaces and ünïcode" })
	void aCursorGivesBackTheNameItWasMadeFrom(String name) {
		String cursor = PageRequest.cursorAfter(name);
		assertThat(cursor).matches("[A-Za-z0-9_-]+");
		assertThat(PageRequest.of("10", cursor).after()).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "!!!", "bWFpbg==", "a", "bWFp bg", "bWFp+bg", "bWFp/bg", "AAAA", "_w",
			"bWFpbgo" /* "main\n" */ })
	void malformedCursorsAreRefusedNamingCursor(String cursor) {
		InvalidRequestException refused = assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> PageRequest.of(null, cursor))
			.actual();
		assertThat(refused.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.field()).isEqualTo("cursor");
			assertThat(violation.message()).isEqualTo(PageRequest.CURSOR_RULE);
		});
	}

	@Test
	void anOverlongCursorIsRefused() {
		String cursor = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("x".repeat(1000).getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageRequest.of(null, cursor));
	}

	@Test
	void inMemoryAPageHoldsTheNamesAfterItsCursor() {
		PageRequest request = PageRequest.of("2", PageRequest.cursorAfter("b"));
		assertThat(request.startsBefore("a")).isFalse();
		assertThat(request.startsBefore("b")).isFalse();
		assertThat(request.startsBefore("b-")).isTrue();
		assertThat(request.startsBefore("c")).isTrue();
		assertThat(PageRequest.FIRST.startsBefore("a")).isTrue();
	}

}
