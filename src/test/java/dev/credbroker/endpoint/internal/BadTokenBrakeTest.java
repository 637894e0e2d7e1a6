package dev.credbroker.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BadTokenBrakeTest {

	private static final Duration WINDOW = Duration.ofSeconds(60);

	private long now = 5_000_000_000L;

	private final BadTokenBrake brake = new BadTokenBrake(3, WINDOW, () -> this.now);

	@Test
	void anAddressIsBrakedOnceItReachesTheLimit() {
		this.brake.recordBadToken("10.0.0.1");
		this.brake.recordBadToken("10.0.0.1");
		assertThat(this.brake.brakedFor("10.0.0.1")).isZero();

		this.brake.recordBadToken("10.0.0.1");

		assertThat(this.brake.brakedFor("10.0.0.1")).isEqualTo(WINDOW);
		assertThat(this.brake.brakedFor("10.0.0.2")).as("another address").isZero();
	}

	@Test
	void theBrakeLastsWhatIsLeftOfTheWindowFromTheFirstBadToken() {
		this.brake.recordBadToken("10.0.0.1");
		advance(Duration.ofSeconds(20));
		this.brake.recordBadToken("10.0.0.1");
		this.brake.recordBadToken("10.0.0.1");
		advance(Duration.ofSeconds(25));

		assertThat(this.brake.brakedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));

		advance(Duration.ofSeconds(15));
		assertThat(this.brake.brakedFor("10.0.0.1")).isZero();
	}

	@Test
	void aLimitOfZeroTurnsTheBrakeOff() {
		BadTokenBrake off = new BadTokenBrake(0, WINDOW, () -> this.now);
		for (int i = 0; i < 10; i++) {
			off.recordBadToken("10.0.0.1");
		}

		assertThat(off.brakedFor("10.0.0.1")).isZero();
	}

	@Test
	void retryAfterRoundsUpToWholeSeconds() {
		assertThat(ContainerCredentialsFilter.wholeSecondsUp(Duration.ofMillis(14_001))).isEqualTo(15);
		assertThat(ContainerCredentialsFilter.wholeSecondsUp(Duration.ofSeconds(15))).isEqualTo(15);
		assertThat(ContainerCredentialsFilter.wholeSecondsUp(Duration.ofNanos(1))).isEqualTo(1);
	}

	private void advance(Duration elapsed) {
		this.now += elapsed.toNanos();
	}

}
