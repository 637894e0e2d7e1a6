package dev.credbroker.issuance;

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
		this.credentials = credentials;
		this.issuedAt = issuedAt;
		this.schedule = RenewalSchedule.isRenewable(java.time.Duration.between(issuedAt, credentials.expiration()),
				properties) ? RenewalSchedule.of(issuedAt, credentials.expiration(), properties)
						: RenewalSchedule.unrenewable(credentials.expiration(), properties);
		this.containerResponse = CredentialsDocument.render(credentials);
		this.nextRenewalAttempt = new AtomicReference<>(this.schedule.renewAt());
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
