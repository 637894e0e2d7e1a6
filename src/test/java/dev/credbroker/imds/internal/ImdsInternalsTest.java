package dev.credbroker.imds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.MutableClock;
import dev.credbroker.imds.ImdsProperties;

/** Edge cases of the IMDS listener: TTL parsing, token expiry, configuration checks. */
@ExtendWith(OutputCaptureExtension.class)
class ImdsInternalsTest {

	@Test
	void ttlIsAWholeNumberOfSecondsFromOneToSixHours() {
		assertThat(TokenRequests.ttlSeconds("1")).isEqualTo(1);
		assertThat(TokenRequests.ttlSeconds("21600")).isEqualTo(21600);
		assertThat(TokenRequests.ttlSeconds("0060")).isEqualTo(60);
		for (String bad : new String[] { null, "", "0", "21601", "-5", "+5", "5s", " 5", "1e3", "9999999",
				"99999999999999999999" }) {
			assertThat(TokenRequests.ttlSeconds(bad)).as("TTL %s", bad).isEqualTo(-1);
		}
	}

	@Test
	void aTokenIsLiveUntilItsTtlEndsAndUnknownTokensNever() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		SessionTokens tokens = new SessionTokens(clock);
		String token = tokens.issue(Duration.ofSeconds(10));
		assertThat(token).hasSizeGreaterThanOrEqualTo(40);
		assertThat(tokens.isLive(token)).isTrue();
		clock.advance(Duration.ofMillis(9_999));
		assertThat(tokens.isLive(token)).isTrue();
		clock.advance(Duration.ofMillis(1));
		assertThat(tokens.isLive(token)).isFalse();
		assertThat(tokens.isLive("unknown")).isFalse();
		assertThat(tokens.isLive(token + "x")).isFalse();
	}

	@Test
	void liveTokensAreCappedAndExpiredOnesMakeRoom() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		SessionTokens tokens = new SessionTokens(clock);
		for (int i = 0; i < SessionTokens.MAX_LIVE_TOKENS; i++) {
			assertThat(tokens.issue(Duration.ofSeconds(1))).isNotNull();
		}
		assertThat(tokens.issue(Duration.ofSeconds(1))).isNull();
		clock.advance(Duration.ofSeconds(1));
		assertThat(tokens.issue(Duration.ofSeconds(1))).isNotNull();
	}

	@Test
	void aListenerOffLoopbackIsWarnedAbout(CapturedOutput output) {
		ImdsConfiguration.warnUnlessLoopback(new ImdsProperties.Listener("127.0.0.1", 9001, "app", null));
		ImdsConfiguration.warnUnlessLoopback(new ImdsProperties.Listener("::1", 9002, "app", null));
		assertThat(output).doesNotContain("not bound to a loopback address");
		ImdsConfiguration.warnUnlessLoopback(new ImdsProperties.Listener("0.0.0.0", 9003, "app", null));
		assertThat(output).contains("IMDS listener on 0.0.0.0:9003 is not bound to a loopback address");
	}

	@Test
	void aMisconfiguredListenerNamesThePropertyToFix() {
		assertThatIllegalStateException().isThrownBy(() -> ImdsConfiguration.validate(properties(listener(0, "app"))))
			.withMessageContaining("credbroker.imds.listeners[0].port");
		assertThatIllegalStateException().isThrownBy(() -> ImdsConfiguration.validate(properties(listener(9001, " "))))
			.withMessageContaining("credbroker.imds.listeners[0].workload");
		assertThatIllegalStateException()
			.isThrownBy(() -> ImdsConfiguration.validate(properties(listener(9001, "a"), listener(9001, "b"))))
			.withMessageContaining("credbroker.imds.listeners[1]");
	}

	private static ImdsProperties.Listener listener(int port, String workload) {
		return new ImdsProperties.Listener("127.0.0.1", port, workload, null);
	}

	private static ImdsProperties properties(ImdsProperties.Listener... listeners) {
		return new ImdsProperties(List.of(listeners), false);
	}

}
