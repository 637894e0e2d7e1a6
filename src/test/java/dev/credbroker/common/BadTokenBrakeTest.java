package dev.credbroker.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import org.junit.jupiter.api.Test;

class BadTokenBrakeTest {

	private static final Duration WINDOW = Duration.ofSeconds(60);

	private long now = 5_000_000_000L;

	private final BadTokenBrake brake = new BadTokenBrake("test", 3, WINDOW, () -> this.now);

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
		BadTokenBrake off = new BadTokenBrake("test", 0, WINDOW, () -> this.now);
		for (int i = 0; i < 10; i++) {
			off.recordBadToken("10.0.0.1");
		}

		assertThat(off.brakedFor("10.0.0.1")).isZero();
	}

	@Test
	void retryAfterRoundsUpToWholeSeconds() {
		assertThat(BadTokenBrake.wholeSecondsUp(Duration.ofMillis(14_001))).isEqualTo(15);
		assertThat(BadTokenBrake.wholeSecondsUp(Duration.ofSeconds(15))).isEqualTo(15);
		assertThat(BadTokenBrake.wholeSecondsUp(Duration.ofNanos(1))).isEqualTo(1);
	}

	@Test
	void engagingTheBrakeLogsOneWarningNamingTheAddressAndTheCount() {
		List<ILoggingEvent> lines = captureWarnings();

		for (int i = 0; i < 10; i++) {
			this.brake.recordBadToken("10.0.0.1");
		}

		assertThat(lines).singleElement()
			.satisfies(
					(line) -> assertThat(line.getFormattedMessage()).contains("10.0.0.1", "test", "3 unknown tokens"));
	}

	@Test
	void warningsAcrossAddressesAreRateLimitedAndTheNextOneCountsThoseLeftOut() {
		List<ILoggingEvent> lines = captureWarnings();
		for (int address = 1; address <= 5; address++) {
			for (int i = 0; i < 3; i++) {
				this.brake.recordBadToken("10.0.0." + address);
			}
		}
		assertThat(lines).hasSize(1);

		advance(Duration.ofSeconds(11));
		for (int i = 0; i < 3; i++) {
			this.brake.recordBadToken("10.0.1.1");
		}

		assertThat(lines).hasSize(2);
		assertThat(lines.get(1).getFormattedMessage()).contains("10.0.1.1", "4 more addresses");
	}

	private static List<ILoggingEvent> captureWarnings() {
		Logger logger = (Logger) LoggerFactory.getLogger(BadTokenBrake.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.detachAndStopAllAppenders();
		logger.setAdditive(false);
		logger.addAppender(appender);
		return appender.list;
	}

	private void advance(Duration elapsed) {
		this.now += elapsed.toNanos();
	}

}
