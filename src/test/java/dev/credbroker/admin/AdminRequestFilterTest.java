package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminRequestFilterTest {

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/json; charset=utf-8", "text/plain", "" })
	void concreteOrAbsentContentTypesPass(String contentType) {
		assertThat(AdminRequestFilter.isConcreteOrAbsent(contentType)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/*", "*/*", "*", "application/json; charset=nope", "garbage", "/json" })
	void wildcardOrUnreadableContentTypesAreRefused(String contentType) {
		assertThat(AdminRequestFilter.isConcreteOrAbsent(contentType)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/json", "application/problem+json, application/json;q=0.9", "" })
	void readableAcceptHeadersPass(String accept) {
		assertThat(AdminRequestFilter.isReadableAccept(accept)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "application/json;q=x", "text/" })
	void unreadableAcceptHeadersAreRefused(String accept) {
		assertThat(AdminRequestFilter.isReadableAccept(accept)).isFalse();
	}

}
