package dev.credbroker.imds.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.credbroker.workload.WorkloadToken;

/**
 * IMDSv2 session tokens of one listener: random, held in memory only (by SHA-256, like
 * workload tokens, so a lookup leaks nothing through timing), each live until its TTL
 * ends. A token is good on the listener that issued it only, as on EC2 where it is bound
 * to the instance.
 */
class SessionTokens {

	static final int MIN_TTL_SECONDS = 1;

	static final int MAX_TTL_SECONDS = 21600;

	/** Live tokens kept at most; past it a PUT is refused until some expire. */
	static final int MAX_LIVE_TOKENS = 10_000;

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	private final Map<String, Instant> expiryByHash = new ConcurrentHashMap<>();

	SessionTokens(Clock clock) {
		this.clock = clock;
	}

	/** A new token live for {@code ttl}, or {@code null} when too many are live. */
	String issue(Duration ttl) {
		Instant now = this.clock.instant();
		if (this.expiryByHash.size() >= MAX_LIVE_TOKENS) {
			this.expiryByHash.values().removeIf((expiry) -> !now.isBefore(expiry));
			if (this.expiryByHash.size() >= MAX_LIVE_TOKENS) {
				return null;
			}
		}
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.expiryByHash.put(WorkloadToken.hash(token), now.plus(ttl));
		return token;
	}

	/** Whether {@code token} was issued here and its TTL has not ended. */
	boolean isLive(String token) {
		String hash = WorkloadToken.hash(token);
		Instant expiry = this.expiryByHash.get(hash);
		if (expiry == null) {
			return false;
		}
		if (!this.clock.instant().isBefore(expiry)) {
			this.expiryByHash.remove(hash, expiry);
			return false;
		}
		return true;
	}

}
