package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnknownTokenHintTest {

	private final UnknownTokenHint hint = new UnknownTokenHint("cbw_known"::equals, "admin-secret"::equals);

	@Test
	void aKnownTokenBehindBearerIsToldToDropThePrefix() {
		assertThat(this.hint.messageFor("Bearer cbw_known")).isEqualTo(UnknownTokenHint.WITHOUT_BEARER);
		assertThat(this.hint.messageFor("bearer cbw_known")).isEqualTo(UnknownTokenHint.WITHOUT_BEARER);
	}

	@Test
	void anUnknownTokenBehindBearerIsToldBoth() {
		assertThat(this.hint.messageFor("Bearer cbw_other")).startsWith(UnknownTokenHint.WITHOUT_BEARER)
			.endsWith(UnknownTokenHint.UNKNOWN);
	}

	@Test
	void theAdminTokenIsNamedWithOrWithoutBearer() {
		assertThat(this.hint.messageFor("admin-secret")).isEqualTo(UnknownTokenHint.ADMIN_TOKEN);
		assertThat(this.hint.messageFor("Bearer admin-secret")).isEqualTo(UnknownTokenHint.ADMIN_TOKEN);
		assertThat(UnknownTokenHint.ADMIN_TOKEN).doesNotContain("admin-secret");
	}

	@Test
	void anythingElseIsSimplyUnknown() {
		assertThat(this.hint.messageFor("cbw_other")).isEqualTo(UnknownTokenHint.UNKNOWN);
		assertThat(this.hint.messageFor("Bearer")).isEqualTo(UnknownTokenHint.UNKNOWN);
		assertThat(this.hint.messageFor("Basic YWRtaW4=")).isEqualTo(UnknownTokenHint.UNKNOWN);
	}

}
