package dev.credbroker.issuance.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter per source name that moves on every change to the source (local or replayed
 * from another replica). An issuance notes the epoch before it reads the source; a
 * refusal from STS is remembered only while the epoch is still the one it was obtained
 * with, so a fix to the source (a new secret, a rotated key, a new MFA session) makes the
 * next request try again at once, even when the refusal of an issuance that was already
 * in flight arrives after the fix.
 */
final class SourceEpochs {

	private final ConcurrentMap<String, AtomicLong> epochs = new ConcurrentHashMap<>();

	long current(String source) {
		AtomicLong epoch = this.epochs.get(source);
		return (epoch != null) ? epoch.get() : 0;
	}

	void advance(String source) {
		this.epochs.computeIfAbsent(source, (name) -> new AtomicLong()).incrementAndGet();
	}

}
