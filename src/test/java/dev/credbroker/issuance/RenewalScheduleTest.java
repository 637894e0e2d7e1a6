package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The renewal arithmetic over every lifetime, second by second from 30 minutes to 36
 * hours (and down to clipped lifetimes of a few minutes), probed at the instants where
 * its answers change.
 */
class RenewalScheduleTest {

	private static final CacheProperties DEFAULTS = new CacheProperties(10_000, Duration.ofMinutes(20),
			Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofSeconds(10),
			Duration.ofSeconds(10));

	private static final Duration MIN_LIFETIME = Duration.ofMinutes(30);

	private static final Duration MAX_LIFETIME = Duration.ofHours(36);

	private static final Duration ONE_NANO = Duration.ofNanos(1);

	/** Not a round instant: issuance happens at any nanosecond. */
	private static final Instant ISSUED = Instant.parse("2026-11-25T22:12:34.123456789Z");

	@Test
	void milestonesAreOrderedForEveryLifetimeFromThirtyMinutesToThirtySixHours() {
		for (long seconds = MIN_LIFETIME.toSeconds(); seconds <= MAX_LIFETIME.toSeconds(); seconds++) {
			Instant expiration = ISSUED.plusSeconds(seconds);
			RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);

			assertThat(schedule.renewAt()).as("lifetime %d s", seconds).isAfterOrEqualTo(ISSUED);
			assertThat(schedule.renewAt()).as("lifetime %d s", seconds).isBefore(schedule.freshUntil());
			assertThat(schedule.freshUntil()).isBefore(schedule.servableUntil());
			assertThat(schedule.servableUntil()).isBefore(expiration);
			assertThat(Duration.between(schedule.renewAt(), schedule.freshUntil()))
				.as("a renewal has at least 5 minutes to succeed before answers would drop below 20 minutes left, "
						+ "lifetime %d s", seconds)
				.isGreaterThanOrEqualTo(Duration.ofMinutes(5));
		}
	}

	@Test
	void renewalIsDueOnceLessThanHalfTheLifetimeOrThirtyMinutesRemainButNotRightAfterIssuance() {
		for (long seconds = MIN_LIFETIME.toSeconds(); seconds <= MAX_LIFETIME.toSeconds(); seconds++) {
			Duration lifetime = Duration.ofSeconds(seconds);
			Instant expiration = ISSUED.plus(lifetime);
			RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);
			Duration threshold = (lifetime.dividedBy(2).compareTo(MIN_LIFETIME) > 0) ? lifetime.dividedBy(2)
					: MIN_LIFETIME;
			Instant thresholdCrossed = expiration.minus(threshold);

			assertThat(schedule.isRenewalDue(ISSUED)).isFalse();
			assertThat(schedule.isRenewalDue(ISSUED.plus(Duration.ofMinutes(5)).minus(ONE_NANO)))
				.as("not in the first 5 minutes, lifetime %d s", seconds)
				.isFalse();
			assertThat(schedule.isRenewalDue(thresholdCrossed.minus(ONE_NANO)))
				.as("more than half the lifetime and 30 minutes remain, lifetime %d s", seconds)
				.isFalse();
			if (seconds >= Duration.ofMinutes(40).toSeconds()) {
				assertThat(schedule.isRenewalDue(thresholdCrossed)).as("lifetime %d s", seconds).isTrue();
			}
			assertThat(schedule.isRenewalDue(schedule.freshUntil().minus(ONE_NANO)))
				.as("due before the credentials stop being fresh, lifetime %d s", seconds)
				.isTrue();
			assertThat(schedule.isRenewalDue(expiration)).isTrue();
		}
	}

	@Test
	void anHourLongCredentialRenewsAtHalfTime() {
		RenewalSchedule schedule = RenewalSchedule.of(ISSUED, ISSUED.plus(Duration.ofHours(1)), DEFAULTS);

		assertThat(schedule.renewAt()).isEqualTo(ISSUED.plus(Duration.ofMinutes(30)));
		assertThat(schedule.freshUntil()).isEqualTo(ISSUED.plus(Duration.ofMinutes(40)));
		assertThat(schedule.servableUntil()).isEqualTo(ISSUED.plus(Duration.ofMinutes(55)));
	}

	@Test
	void twelveHourCredentialsRenewAtHalfTimeNotThirtyMinutesBeforeExpiry() {
		RenewalSchedule schedule = RenewalSchedule.of(ISSUED, ISSUED.plus(Duration.ofHours(12)), DEFAULTS);

		assertThat(schedule.renewAt()).isEqualTo(ISSUED.plus(Duration.ofHours(6)));
	}

	@Test
	void freshMeansAtLeastTwentyMinutesAndServableAtLeastFiveEverywhere() {
		SplittableRandom random = new SplittableRandom(20_26);
		for (int i = 0; i < 500_000; i++) {
			// lifetimes from 1 minute (clipped by an expiring MFA session) to 36 hours,
			// in milliseconds
			long lifetimeMillis = random.nextLong(60_000, MAX_LIFETIME.toMillis() + 1);
			Instant expiration = ISSUED.plusMillis(lifetimeMillis);
			RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);
			Instant now = ISSUED
				.plusNanos(random.nextLong(-60_000_000_000L, lifetimeMillis * 1_000_000 + 60_000_000_000L));
			Duration remaining = Duration.between(now, expiration);

			if (schedule.isFresh(now)) {
				assertThat(remaining).as("fresh at %s, expiring %s", now, expiration)
					.isGreaterThanOrEqualTo(Duration.ofMinutes(20));
				assertThat(schedule.isServable(now)).isTrue();
			}
			if (schedule.isServable(now)) {
				assertThat(remaining).as("servable at %s, expiring %s", now, expiration)
					.isGreaterThanOrEqualTo(Duration.ofMinutes(5));
			}
			else {
				assertThat(schedule.isFresh(now)).isFalse();
			}
		}
	}

	@Test
	void boundariesAreExact() {
		Instant expiration = ISSUED.plus(Duration.ofHours(1));
		RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);
		Instant twentyLeft = expiration.minus(Duration.ofMinutes(20));
		Instant fiveLeft = expiration.minus(Duration.ofMinutes(5));

		assertThat(schedule.isFresh(twentyLeft.minus(ONE_NANO))).isTrue();
		assertThat(schedule.isFresh(twentyLeft)).isFalse();
		assertThat(schedule.isServable(fiveLeft.minus(ONE_NANO))).isTrue();
		assertThat(schedule.isServable(fiveLeft)).isFalse();
		assertThat(schedule.isServable(expiration)).as("never serve expired credentials").isFalse();
		assertThat(schedule.isServable(expiration.plusSeconds(3600))).isFalse();
	}

	@Test
	void clippedLifetimesAreNeverFreshButServedUntilFiveMinutesBeforeExpiry() {
		for (long seconds = 60; seconds < Duration.ofMinutes(20).toSeconds(); seconds++) {
			Instant expiration = ISSUED.plusSeconds(seconds);
			RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);

			assertThat(schedule.isFresh(ISSUED)).as("lifetime %d s", seconds).isFalse();
			assertThat(schedule.isRenewalDue(ISSUED)).as("renew at once, lifetime %d s", seconds).isTrue();
			assertThat(schedule.isServable(ISSUED)).as("lifetime %d s", seconds)
				.isEqualTo(seconds > Duration.ofMinutes(5).toSeconds());
			assertThat(schedule.servableUntil()).isEqualTo(expiration.minus(Duration.ofMinutes(5)));
		}
	}

	@Test
	void lifetimesBetweenTwentyAndThirtyMinutesAreFreshForAWhileAndRenewBeforeThat() {
		for (long seconds = Duration.ofMinutes(20).toSeconds() + 1; seconds < MIN_LIFETIME.toSeconds(); seconds++) {
			Instant expiration = ISSUED.plusSeconds(seconds);
			RenewalSchedule schedule = RenewalSchedule.of(ISSUED, expiration, DEFAULTS);

			assertThat(schedule.isFresh(ISSUED)).isTrue();
			assertThat(schedule.renewAt()).as("lifetime %d s", seconds).isAfter(ISSUED).isBefore(schedule.freshUntil());
		}
	}

	@Test
	void credentialsThatCanNeverBeFreshAreServedWithoutRenewalUntilTheServeMargin() {
		assertThat(RenewalSchedule.isRenewable(Duration.ofMinutes(20), DEFAULTS)).isFalse();
		assertThat(RenewalSchedule.isRenewable(Duration.ofMinutes(20).plusSeconds(1), DEFAULTS)).isTrue();

		Instant expiration = ISSUED.plus(Duration.ofMinutes(12));
		RenewalSchedule schedule = RenewalSchedule.unrenewable(expiration, DEFAULTS);

		assertThat(schedule.isRenewalDue(expiration)).as("never renewed: it would only bring the same expiry")
			.isFalse();
		assertThat(schedule.isFresh(ISSUED)).as("served at once, nothing better exists").isTrue();
		assertThat(schedule.isServable(expiration.minus(Duration.ofMinutes(5)).minus(ONE_NANO))).isTrue();
		assertThat(schedule.isServable(expiration.minus(Duration.ofMinutes(5)))).isFalse();
	}

}
