package dev.credbroker.identity.internal;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.credbroker.identity.ProvedWorkload;

/**
 * Tokens that proved a workload, by SHA-256, until their expiry: what makes a repeated
 * OIDC request one hash and one lookup.
 * <p>
 * A plain concurrent map: a lookup is one map read and an expiry check, whatever the
 * number of tokens (a size-bounded Caffeine cache starts recording every read in its read
 * buffer, drained on another thread, once it is half full). The bound is kept here
 * instead: expired tokens are swept on the caller's schedule and, when the map is full,
 * before a new token is remembered; if it is still full, one remembered token is
 * forgotten to make room (it is validated again when it next arrives).
 */
final class RememberedTokens {

	private final Map<String, Remembered> byHash = new ConcurrentHashMap<>();

	private final int capacity;

	/**
	 * @param capacity how many tokens at most; 0 remembers none
	 */
	RememberedTokens(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * The workload the token with this hash proved, unless it has expired at {@code now}.
	 */
	ProvedWorkload find(String hash, Instant now) {
		Remembered entry = this.byHash.get(hash);
		return (entry != null && now.isBefore(entry.expiresAt())) ? entry.proved() : null;
	}

	void remember(String hash, ProvedWorkload proved, Instant expiresAt, Instant now) {
		if (this.capacity == 0) {
			return;
		}
		if (this.byHash.size() >= this.capacity && !this.byHash.containsKey(hash)) {
			forgetExpired(now);
			Iterator<String> hashes = this.byHash.keySet().iterator();
			while (this.byHash.size() >= this.capacity && hashes.hasNext()) {
				hashes.next();
				hashes.remove();
			}
		}
		this.byHash.put(hash, new Remembered(proved, expiresAt));
	}

	void forget(String hash) {
		this.byHash.remove(hash);
	}

	void forgetAll() {
		this.byHash.clear();
	}

	void forgetExpired(Instant now) {
		this.byHash.values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
	}

	int size() {
		return this.byHash.size();
	}

	private record Remembered(ProvedWorkload proved, Instant expiresAt) {
	}

}
