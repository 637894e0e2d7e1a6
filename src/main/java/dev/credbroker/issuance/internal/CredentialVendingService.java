package dev.credbroker.issuance.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.issuance.CachedCredentials;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.IssuanceKey;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.issuance.MfaSessionRequiredException;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.issuance.WorkloadGoneException;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceChanged;
import dev.credbroker.common.Resync;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;
import dev.credbroker.workload.WorkloadChanged;

/**
 * The issued-credentials cache and the rules for serving from it. A Caffeine
 * {@link AsyncCache} holds one future per key, so concurrent misses share one STS call;
 * an entry lives until {@code serveMargin} before its credentials expire; renewal runs in
 * the background (on a request that finds it due, and in a periodic sweep of entries that
 * were served) and replaces the entry only if nobody invalidated it meanwhile.
 */
@Service
class CredentialVendingService implements CredentialVending {

	private static final Logger log = LoggerFactory.getLogger(CredentialVendingService.class);

	/** The audit detail of an issuance no caller started: the renewal sweep. */
	private static final String RENEWAL_SWEEP_PROOF = "renewal";

	/**
	 * The cache's upkeep (draining its read buffer, expiry, eviction) runs on the thread
	 * that finds it due, a request thread: a few microseconds every few dozen reads. On a
	 * thread of its own it was woken more than a thousand times a second under load, and
	 * the wake-ups cost the request threads more than the upkeep (bench/run.sh, cached
	 * phase). Never on the STS threads, where it would queue behind a hung STS.
	 */
	private static final Executor CACHE_MAINTENANCE = Runnable::run;

	private final AsyncCache<IssuanceKey, CachedCredentials> cache;

	private final RefusalMemory refusals;

	private final ConcurrentMap<IssuanceKey, Renewal> renewals = new ConcurrentHashMap<>();

	private final WorkloadCatalog workloads;

	private final SourceCatalog sources;

	private final RecipeIssuer issuer;

	private final SourceCredentials sourceCredentials;

	private final IssuanceAudit audit;

	private final CacheProperties properties;

	private final Executor executor;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Supplier<Optional<String>> recentStsFailure;

	@Autowired
	CredentialVendingService(WorkloadCatalog workloads, SourceCatalog sources, RecipeIssuer issuer,
			SourceCredentials sourceCredentials, IssuanceAudit audit, CacheProperties properties,
			@Qualifier("stsExecutor") Executor executor, Clock clock, MeterRegistry meters, StsGateway sts) {
		this(workloads, sources, issuer, sourceCredentials, audit, properties, executor, CACHE_MAINTENANCE, clock,
				meters, sts);
	}

	/**
	 * @param cacheMaintenance runs the cache's own upkeep (eviction, expiry), apart from
	 * the STS calls, so that it never queues behind a hung STS
	 */
	CredentialVendingService(WorkloadCatalog workloads, SourceCatalog sources, RecipeIssuer issuer,
			SourceCredentials sourceCredentials, IssuanceAudit audit, CacheProperties properties, Executor executor,
			Executor cacheMaintenance, Clock clock, MeterRegistry meters, StsGateway sts) {
		this.workloads = workloads;
		this.sources = sources;
		this.issuer = issuer;
		this.sourceCredentials = sourceCredentials;
		this.audit = audit;
		this.properties = properties;
		this.executor = executor;
		this.clock = clock;
		this.meters = meters;
		this.recentStsFailure = sts::recentNetworkFailure;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.executor(cacheMaintenance)
			.expireAfter(new UntilUnservable(clock))
			.recordStats()
			.buildAsync();
		this.refusals = new RefusalMemory(properties.maximumSize(), clock);
		CaffeineCacheMetrics.monitor(meters, this.cache, "issued-credentials");
	}

	@Override
	public CompletableFuture<CachedCredentials> credentialsAsync(IssuanceKey key, Duration deadline, String proof) {
		// One lookup: the cached entry, the issuance already under way, or a new one (one
		// STS call per key).
		IssuanceStart start = new IssuanceStart(proof);
		CompletableFuture<CachedCredentials> entry = this.cache.get(key, start);
		if (entry.isCompletedExceptionally() && !start.started) {
			// An earlier request's issuance that has just failed: the cache drops it
			// only after its callers have been answered, and a client's next request
			// can arrive in between. It starts its own issuance instead of taking that
			// failure. (An issuance this request started may also have failed already,
			// a refused connection on a busy machine: that failure is its answer.)
			this.cache.asMap().remove(key, entry);
			entry = this.cache.get(key, start);
		}
		CachedCredentials cached = completedValue(entry);
		if (cached != null) {
			Instant now = this.clock.instant();
			if (cached.schedule().isFresh(now)) {
				cached.markServed();
				if (cached.schedule().isRenewalDue(now)) {
					renew(key, entry, cached, now, proof);
				}
				return entry;
			}
			if (cached.schedule().isServable(now)) {
				cached.markServed();
				return renewedOrCached(key, entry, cached, now, deadline, proof);
			}
			this.cache.asMap().remove(key, entry);
			entry = this.cache.get(key, start);
		}
		return withinDeadline(entry, deadline).thenApply((issued) -> {
			issued.markServed();
			return issued;
		});
	}

	/**
	 * Past {@code freshUntil} (renewals have been failing): a renewal within what is left
	 * of the deadline counted from when the renewal started, else the cached ones. Once a
	 * renewal has outlived the deadline (STS hangs), every request gets the cached ones
	 * at once: none waits, none takes a waiting slot.
	 */
	private CompletableFuture<CachedCredentials> renewedOrCached(IssuanceKey key,
			CompletableFuture<CachedCredentials> entry, CachedCredentials cached, Instant now, Duration deadline,
			String proof) {
		Renewal renewal = renew(key, entry, cached, now, proof);
		if (renewal == null) {
			return entry;
		}
		Duration left = deadline.minus(Duration.between(renewal.startedAt(), now));
		if (left.isNegative() || left.isZero()) {
			return entry;
		}
		return renewal.future()
			.copy()
			.completeOnTimeout(cached, left.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionally((failure) -> cached);
	}

	@Override
	public CachedCredentials servableNow(IssuanceKey key) {
		CachedCredentials cached = completedValue(this.cache.getIfPresent(key));
		if (cached == null || !cached.schedule().isServable(this.clock.instant())) {
			return null;
		}
		cached.markServed();
		return cached;
	}

	/**
	 * A copy of the shared issuance that gives up waiting at the deadline; the issuance
	 * itself goes on.
	 */
	private CompletableFuture<CachedCredentials> withinDeadline(CompletableFuture<CachedCredentials> issuing,
			Duration deadline) {
		return issuing.copy()
			.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(asIssuanceException(failure, deadline)));
	}

	private IssuanceException asIssuanceException(Throwable failure, Duration deadline) {
		Throwable cause = unwrap(failure);
		if (cause instanceof IssuanceException issuance) {
			return issuance;
		}
		if (cause instanceof TimeoutException) {
			// Still retrying an STS it cannot reach: say why, not only that time is up.
			return new UpstreamUnavailableException(this.recentStsFailure.get()
				.map((unreachable) -> unreachable + " (still retrying; no credentials within " + deadline.toMillis()
						+ " ms, retry in a second)")
				.orElse("STS did not answer within " + deadline.toMillis()
						+ " ms; the call goes on in the background, retry in a second"));
		}
		log.error("Issuance failed unexpectedly: {}", cause.getClass().getName());
		log.debug("Issuance failure detail", cause);
		return new UpstreamUnavailableException("Issuance failed unexpectedly; the broker's log has the details");
	}

	/**
	 * A recipe STS just refused, or a source without its MFA session, fails at once (for
	 * {@code rejection-ttl}) instead of calling STS and writing an audit row on every SDK
	 * retry. A change to the workload (a new key) or to the source (a new epoch) ends it.
	 */
	private CompletableFuture<CachedCredentials> issueUnlessRejected(IssuanceKey key, String proof) {
		IssuanceException refusal = this.refusals.refusalFor(key);
		return (refusal != null) ? CompletableFuture.failedFuture(refusal) : issueAsync(key, proof, false);
	}

	/**
	 * Starts one renewal per key (at most one attempt per renewal-retry interval);
	 * {@code null} if none runs.
	 */
	private Renewal renew(IssuanceKey key, CompletableFuture<CachedCredentials> entry, CachedCredentials cached,
			Instant now, String proof) {
		Renewal running = this.renewals.get(key);
		if (running != null) {
			return running;
		}
		if (!cached.claimRenewalAttempt(now, this.properties.renewalRetry())) {
			return null;
		}
		Renewal renewal = new Renewal(issueAsync(key, proof, true), now);
		this.renewals.put(key, renewal);
		renewal.future().whenComplete((renewed, failure) -> {
			this.renewals.remove(key, renewal);
			if (failure == null) {
				// A renewal that brings no later expiry (clipped to an ending MFA
				// session)
				// would only repeat: keep what it brought, without renewing again.
				CachedCredentials next = renewed.credentials().expiration().isAfter(cached.credentials().expiration())
						? renewed : renewed.withoutRenewal(this.properties);
				// Only if the entry is still the one renewed: an invalidation meanwhile
				// wins.
				this.cache.asMap().replace(key, entry, CompletableFuture.completedFuture(next));
			}
			else {
				log.warn("Renewal of credentials for workload '{}' failed; serving the cached ones until {}: {}",
						key.workload(), cached.schedule().servableUntil(), unwrap(failure).getMessage());
			}
		});
		return renewal;
	}

	/** Renews, without waiting for a request, entries that were served and are due. */
	@Scheduled(fixedDelayString = "${credbroker.cache.renewal-sweep:15s}",
			initialDelayString = "${credbroker.cache.renewal-sweep:15s}")
	void renewDueEntries() {
		Instant now = this.clock.instant();
		this.cache.asMap().forEach((key, entry) -> {
			CachedCredentials cached = completedValue(entry);
			if (cached != null && cached.servedSinceIssued() && cached.schedule().isRenewalDue(now)) {
				renew(key, entry, cached, now, RENEWAL_SWEEP_PROOF);
			}
		});
	}

	/**
	 * @param renewal whether it renews cached credentials: its failure is then logged
	 * once, by {@link #renew}, naming the workload
	 */
	private CompletableFuture<CachedCredentials> issueAsync(IssuanceKey key, String proof, boolean renewal) {
		return CompletableFuture.supplyAsync(() -> issue(key, proof, renewal), this.executor);
	}

	private CachedCredentials issue(IssuanceKey key, String proof, boolean renewal) {
		long sourceEpoch = this.refusals.epochOf(key.source());
		// The recipe the request's token resolved to, or nothing: never a newer recipe,
		// nor
		// that of a workload created again under the same name.
		Workload workload = this.workloads.findForIssuance(key.workload())
			.filter(key::matches)
			.orElseThrow(() -> new WorkloadGone(key));
		Source source = this.sources.findForIssuance(workload.source()).orElseThrow(() -> new WorkloadGone(key));
		Timer.Sample sample = Timer.start(this.meters);
		try {
			IssuedCredentials credentials = this.issuer.issue(workload, source, renewal);
			CachedCredentials cached = new CachedCredentials(credentials, this.clock.instant(), this.properties);
			requireServable(cached, source);
			this.audit.issued(workload, credentials, proof);
			stopIssuanceTimer(sample, workload, "success");
			return cached;
		}
		catch (ExpiringSourceException ex) {
			this.audit.failed(workload, ex);
			stopIssuanceTimer(sample, workload, ex.code());
			throw rememberRefusal(key, sourceEpoch, ex, ex.sourceExpiration());
		}
		catch (UpstreamRejectedException | MfaSessionRequiredException ex) {
			this.audit.failed(workload, ex);
			stopIssuanceTimer(sample, workload, ex.code());
			throw rememberRefusal(key, sourceEpoch, ex, this.clock.instant().plus(this.properties.rejectionTtl()));
		}
		catch (IssuanceException ex) {
			this.audit.failed(workload, ex);
			stopIssuanceTimer(sample, workload, ex.code());
			throw ex;
		}
	}

	/**
	 * Remembers a refusal for the source epoch it was obtained with. If the source
	 * changed meanwhile, the refusal may be of what the change fixed: it is not
	 * remembered, and the caller is told to retry (503) instead of being refused (502).
	 */
	private IssuanceException rememberRefusal(IssuanceKey key, long sourceEpoch, IssuanceException refusal,
			Instant until) {
		if (!this.refusals.remember(key, sourceEpoch, refusal, until)) {
			return new UpstreamUnavailableException("Source '" + key.source()
					+ "' changed while credentials for workload '" + key.workload() + "' were being issued; retry");
		}
		return refusal;
	}

	/**
	 * Credentials clipped to a source session that ends within {@code serve-margin} (the
	 * last minutes of an MFA session) would never be served from the cache: refused
	 * instead, and the refusal kept until that session changes or ends, so that SDK
	 * retries do not each call STS.
	 */
	private void requireServable(CachedCredentials cached, Source source) {
		Instant expiration = cached.credentials().expiration();
		if (cached.schedule().isServable(this.clock.instant())) {
			return;
		}
		String margin = "credbroker.cache.serve-margin, " + this.properties.serveMargin().toMinutes() + " min";
		throw new ExpiringSourceException(source.hasMfaSerial()
				? "The MFA session of source '" + source.name() + "' ends at " + expiration + ", within " + margin
						+ ": open a new one (POST /admin/v1/sources/" + source.name() + "/mfa-session)"
				: "The credentials of source '" + source.name() + "' expire at " + expiration + ", within " + margin
						+ ": renew the source's own credentials",
				expiration);
	}

	private void stopIssuanceTimer(Timer.Sample sample, Workload workload, String outcome) {
		sample.stop(Timer.builder("credbroker.issuance.duration")
			.description("Time to issue credentials through STS, retries included")
			.tag("type", workload.recipe().type().wireName())
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.meters));
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WorkloadChanged event) {
		invalidate((key) -> key.workload().equals(event.name()));
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(SourceChanged event) {
		this.refusals.sourceChanged(event.name());
		this.sourceCredentials.forget(event.name());
		invalidate((key) -> key.source().equals(event.name()));
	}

	/**
	 * Changes may have been missed: credentials whose workload is no longer exactly the
	 * one they were issued for are dropped ({@link SourceStamps} tells of changed
	 * sources).
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void on(Resync event) {
		Map<String, Workload> current = this.workloads.all()
			.stream()
			.collect(Collectors.toMap(Workload::name, Function.identity()));
		invalidate((key) -> current.get(key.workload()) == null || !key.matches(current.get(key.workload())));
	}

	private void invalidate(Predicate<IssuanceKey> stale) {
		this.cache.asMap().keySet().removeIf(stale);
		this.refusals.forget(stale);
		this.renewals.keySet().removeIf(stale);
	}

	AsyncCache<IssuanceKey, CachedCredentials> cache() {
		return this.cache;
	}

	private static CachedCredentials completedValue(CompletableFuture<CachedCredentials> entry) {
		if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
			return null;
		}
		return entry.join();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Issued credentials that end, with their source's session, within the serve margin.
	 */
	private static final class ExpiringSourceException extends MfaSessionRequiredException {

		private final Instant sourceExpiration;

		ExpiringSourceException(String message, Instant sourceExpiration) {
			super(message);
			this.sourceExpiration = sourceExpiration;
		}

		Instant sourceExpiration() {
			return this.sourceExpiration;
		}

	}

	/**
	 * Starts an issuance on a cache miss, and tells whether it did: the cache's mapping
	 * function of one request, for each of its lookups.
	 */
	private final class IssuanceStart
			implements BiFunction<IssuanceKey, Executor, CompletableFuture<CachedCredentials>> {

		private final String proof;

		private boolean started;

		IssuanceStart(String proof) {
			this.proof = proof;
		}

		@Override
		public CompletableFuture<CachedCredentials> apply(IssuanceKey missed, Executor executor) {
			this.started = true;
			return issueUnlessRejected(missed, this.proof);
		}

	}

	/** A renewal under way, and when it started. */
	private record Renewal(CompletableFuture<CachedCredentials> future, Instant startedAt) {
	}

	private static final class WorkloadGone extends WorkloadGoneException {

		WorkloadGone(IssuanceKey key) {
			super("Workload '" + key.workload() + "' changed while its credentials were being issued; retry");
		}

	}

	/**
	 * Entries expire when their credentials stop being servable; a renewal's new value
	 * brings its own time.
	 */
	private static final class UntilUnservable implements Expiry<IssuanceKey, CachedCredentials> {

		private final Clock clock;

		UntilUnservable(Clock clock) {
			this.clock = clock;
		}

		private long nanosLeft(CachedCredentials value) {
			return Math.max(0, Duration.between(this.clock.instant(), value.schedule().servableUntil()).toNanos());
		}

		@Override
		public long expireAfterCreate(IssuanceKey key, CachedCredentials value, long currentTime) {
			return nanosLeft(value);
		}

		@Override
		public long expireAfterUpdate(IssuanceKey key, CachedCredentials value, long currentTime,
				long currentDuration) {
			return nanosLeft(value);
		}

		@Override
		public long expireAfterRead(IssuanceKey key, CachedCredentials value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
