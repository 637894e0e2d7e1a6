package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.credbroker.workload.WorkloadToken;

/**
 * The token hashed from the bytes Tomcat parsed the header into must be the one the
 * String path finds: the same hash, the same reading of what is a JWT.
 */
class PresentedTokenTest {

	private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6InJzYS0xIn0.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";

	private static final String CBW = "cbw_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

	@Test
	void anOidcTokenIsAJwtWithTheHashOfItsText() {
		PresentedToken presented = PresentedToken.of(requestWithAuthorization("x-ignored: y", JWT));

		assertThat(presented).isEqualTo(new PresentedToken(true, WorkloadToken.hash(JWT)));
	}

	@Test
	void aWorkloadTokenIsNotAJwtAndHasTheHashOfItsText() {
		PresentedToken presented = PresentedToken.of(requestWithAuthorization(null, CBW));

		assertThat(presented).isEqualTo(new PresentedToken(false, WorkloadToken.hash(CBW)));
	}

	@Test
	void onlyAValueStartingLikeAJwsHeaderWithADotIsAJwt() {
		assertThat(PresentedToken.of(requestWithAuthorization(null, "eyJhbGciOiJub25lIn0")).jwt()).isFalse();
		assertThat(PresentedToken.of(requestWithAuthorization(null, "eyJ.")).jwt()).isTrue();
		assertThat(PresentedToken.of(requestWithAuthorization(null, "Bearer eyJ.a.b")).jwt()).isFalse();
	}

	@Test
	void withoutTomcatsBytesThereIsNothingToHash() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/v1/credentials");
		mock.addHeader("Authorization", CBW);
		Request noHeader = requestWithAuthorization(null, null);
		Request alreadyAString = requestWithAuthorization(null, null);
		alreadyAString.getCoyoteRequest().getMimeHeaders().addValue("Authorization").setString(CBW);

		assertThat(PresentedToken.of(mock)).isNull();
		assertThat(PresentedToken.of(noHeader)).isNull();
		assertThat(PresentedToken.of(alreadyAString)).isNull();
		assertThat(PresentedToken.of(requestWithAuthorization(null, ""))).isNull();
	}

	/** A Tomcat request whose headers hold bytes, as its HTTP parser leaves them. */
	private static Request requestWithAuthorization(String otherHeader, String authorization) {
		org.apache.coyote.Request coyote = new org.apache.coyote.Request();
		if (otherHeader != null) {
			byte[] other = otherHeader.getBytes(StandardCharsets.US_ASCII);
			coyote.getMimeHeaders().addValue("X-Other").setBytes(other, 0, other.length);
		}
		if (authorization != null) {
			// Tomcat parses into one buffer: the value sits at an offset in it
			byte[] buffer = ("Authorization: " + authorization + "\r\n").getBytes(StandardCharsets.US_ASCII);
			coyote.getMimeHeaders().addValue("authorization").setBytes(buffer, 15, authorization.length());
		}
		return new Connector("HTTP/1.1").createRequest(coyote);
	}

}
