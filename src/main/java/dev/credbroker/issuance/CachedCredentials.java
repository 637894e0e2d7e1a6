package dev.credbroker.issuance;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issued credentials as the cache holds them: with their renewal schedule and the
 * container response already rendered, so that a cached answer is a copy of bytes.
 */
public final class CachedCredentials {

	private final IssuedCredentials credentials;

	private final Instant issuedAt;

	private final RenewalSchedule schedule;

	private final byte[] containerResponse;

	private final AtomicBoolean servedSinceIssued = new AtomicBoolean();

	private final AtomicReference<Instant> nextRenewalAttempt;

	public CachedCredentials(IssuedCredentials credentials, Instant issuedAt, CacheProperties properties) {
		this(credentials, issuedAt,
				RenewalSchedule.isRenewable(Duration.between(issuedAt, credentials.expiration()), properties)
						? RenewalSchedule.of(issuedAt, credentials.expiration(), properties)
						: RenewalSchedule.unrenewable(credentials.expiration(), properties));
	}

	private CachedCredentials(IssuedCredentials credentials, Instant issuedAt, RenewalSchedule schedule) {
		this.credentials = credentials;
		this.issuedAt = issuedAt;
		this.schedule = schedule;
		this.containerResponse = CredentialsDocument.render(credentials);
		this.nextRenewalAttempt = new AtomicReference<>(this.schedule.renewAt());
	}

	/**
	 * The same credentials, no longer renewed: a renewal brought no later expiry (they
	 * are clipped to an MFA session about to end), so renewing again would only repeat
	 * that.
	 */
	public CachedCredentials withoutRenewal(CacheProperties properties) {
		return new CachedCredentials(this.credentials, this.issuedAt,
				RenewalSchedule.unrenewable(this.credentials.expiration(), properties));
	}

	public IssuedCredentials credentials() {
		return this.credentials;
	}

	public Instant issuedAt() {
		return this.issuedAt;
	}

	public RenewalSchedule schedule() {
		return this.schedule;
	}

	/** The response body of the container endpoint. Callers must not modify it. */
	public byte[] containerResponse() {
		return this.containerResponse;
	}

	public void markServed() {
		if (!this.servedSinceIssued.get()) {
			this.servedSinceIssued.set(true);
		}
	}

	public boolean servedSinceIssued() {
		return this.servedSinceIssued.get();
	}

	/**
	 * Claims the next renewal attempt if one is due, pushing the following one back by
	 * {@code retryAfter}.
	 */
	public boolean claimRenewalAttempt(Instant now, java.time.Duration retryAfter) {
		Instant next = this.nextRenewalAttempt.get();
		return !now.isBefore(next) && this.nextRenewalAttempt.compareAndSet(next, now.plus(retryAfter));
	}

}
