package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonErrorReportValveTest {

	@Test
	void codesAreTheReasonPhraseInPascalCase() {
		assertThat(JsonErrorReportValve.code("Bad Request")).isEqualTo("BadRequest");
		assertThat(JsonErrorReportValve.code("HTTP Version Not Supported")).isEqualTo("HttpVersionNotSupported");
		assertThat(JsonErrorReportValve.code("Request Header Fields Too Large"))
			.isEqualTo("RequestHeaderFieldsTooLarge");
	}

	@Test
	void adminActuatorAndErrorPathsGetProblems() {
		assertThat(JsonErrorReportValve.isProblemPath("/admin/v1/sources/a%2Fb")).isTrue();
		assertThat(JsonErrorReportValve.isProblemPath("/actuator/health")).isTrue();
		assertThat(JsonErrorReportValve.isProblemPath("/error")).isTrue();
		assertThat(JsonErrorReportValve.isProblemPath("/v1/credentials")).isFalse();
		assertThat(JsonErrorReportValve.isProblemPath("/administrator")).isFalse();
		assertThat(JsonErrorReportValve.isProblemPath("")).isFalse();
	}

}
