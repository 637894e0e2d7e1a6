package dev.credbroker.issuance;

import java.time.Duration;
import java.time.Instant;

/**
 * When cached credentials are renewed, stop counting as fresh, and stop being served, all
 * derived from when they were issued and when they expire.
 * <ul>
 * <li>{@code renewAt}: renewal starts in the background once less than half the lifetime,
 * or less than {@code renewBefore}, remains, but never before the halfway point to
 * {@code freshUntil}, so short-lived credentials do not renew in a loop;</li>
 * <li>{@code freshUntil}: until then an answer has at least {@code minRemaining} left and
 * is served at once;</li>
 * <li>{@code servableUntil}: past {@code freshUntil} (STS failing) credentials are still
 * served until {@code serveMargin} before they expire; never after.</li>
 * </ul>
 */
public record RenewalSchedule(Instant renewAt, Instant freshUntil, Instant servableUntil) {

	public static RenewalSchedule of(Instant issuedAt, Instant expiration, CacheProperties properties) {
		Duration lifetime = Duration.between(issuedAt, expiration);
		Duration renewThreshold = max(lifetime.dividedBy(2), properties.renewBefore());
		Duration minimumAge = max(Duration.ZERO, lifetime.minus(properties.minRemaining()).dividedBy(2));
		Instant renewAt = latest(expiration.minus(renewThreshold), issuedAt.plus(minimumAge));
		return new RenewalSchedule(renewAt, expiration.minus(properties.minRemaining()),
				expiration.minus(properties.serveMargin()));
	}

	/**
	 * For credentials too short-lived to ever count as fresh, because something clipped
	 * them (an MFA session about to end): renewing would only bring the same clipped
	 * expiry, so they are served as they are, without waiting and without renewal, until
	 * {@code serveMargin} before they expire.
	 */
	public static RenewalSchedule unrenewable(Instant expiration, CacheProperties properties) {
		Instant servableUntil = expiration.minus(properties.serveMargin());
		return new RenewalSchedule(Instant.MAX, servableUntil, servableUntil);
	}

	/**
	 * Whether credentials of this lifetime are ever fresh: they have more than
	 * {@code minRemaining} to live when issued.
	 */
	public static boolean isRenewable(Duration lifetime, CacheProperties properties) {
		return lifetime.compareTo(properties.minRemaining()) > 0;
	}

	public boolean isRenewalDue(Instant now) {
		return !now.isBefore(this.renewAt);
	}

	public boolean isFresh(Instant now) {
		return now.isBefore(this.freshUntil);
	}

	public boolean isServable(Instant now) {
		return now.isBefore(this.servableUntil);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
