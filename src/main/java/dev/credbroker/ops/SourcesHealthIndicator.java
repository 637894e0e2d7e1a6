package dev.credbroker.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;

import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import dev.credbroker.source.MfaSession;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;

/**
 * Each source, with its MFA session: a missing session or one close to expiry is a
 * warning detail, not DOWN — the broker is healthy, an operator has a chore.
 */
@Component("sources")
class SourcesHealthIndicator implements HealthIndicator {

	static final Duration MFA_WARNING = Duration.ofHours(1);

	/** How long a health answer waits for the sources: it must answer within 1 s. */
	static final Duration ANSWER_WITHIN = Duration.ofMillis(500);

	private final SourceCatalog sources;

	private final MfaSessions mfaSessions;

	private final Clock clock;

	private final StoreHealthIndicator store;

	/** One read at a time: callers during a slow read share it instead of piling up. */
	private final ExecutorService reader = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "sources-health");
		thread.setDaemon(true);
		return thread;
	});

	private CompletableFuture<Health> pending;

	SourcesHealthIndicator(SourceCatalog sources, MfaSessions mfaSessions, Clock clock, StoreHealthIndicator store) {
		this.sources = sources;
		this.mfaSessions = mfaSessions;
		this.clock = clock;
		this.store = store;
	}

	@Override
	public Health health() {
		if (this.store.isDown()) {
			// Answer at once: reading the sources would wait for the pool's connection
			// timeout.
			return unreachable();
		}
		CompletableFuture<Health> reading;
		synchronized (this) {
			if (this.pending == null || this.pending.isDone()) {
				this.pending = CompletableFuture.supplyAsync(this::read, this.reader);
			}
			reading = this.pending;
		}
		try {
			return reading.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// An outage the store check has not seen yet: the answer does not wait for
			// it.
			return unreachable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unreachable();
		}
	}

	@PreDestroy
	void stopReading() {
		this.reader.shutdownNow();
	}

	private Health read() {
		Instant now = this.clock.instant();
		Health.Builder builder = Health.up();
		try {
			for (Source source : this.sources.all()) {
				builder.withDetail(source.name(), describe(source, now));
			}
		}
		catch (DataAccessException | TransactionException ex) {
			// The store component reports the outage; without this the whole health
			// answer was a 500.
			return unreachable();
		}
		return builder.build();
	}

	private static Health unreachable() {
		return Health.unknown().withDetail("error", "sources cannot be read while the store is unreachable").build();
	}

	private Map<String, Object> describe(Source source, Instant now) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", source.type().wireName());
		if (!source.hasMfaSerial()) {
			return detail;
		}
		Optional<MfaSession> session = this.mfaSessions.current(source.name()).filter((s) -> s.isActiveAt(now));
		if (session.isEmpty()) {
			detail.put("mfaSession", "none");
			detail.put("warning",
					"no MFA session: its workloads get 503 MfaSessionRequired until an operator opens one");
			return detail;
		}
		Duration left = Duration.between(now, session.get().expiration());
		detail.put("mfaSession", "active");
		detail.put("mfaSessionExpiresInSeconds", left.toSeconds());
		if (left.compareTo(MFA_WARNING) < 0) {
			detail.put("warning", "the MFA session expires in " + left.toMinutes() + " minutes; open a new one");
		}
		return detail;
	}

}
