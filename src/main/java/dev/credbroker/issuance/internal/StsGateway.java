package dev.credbroker.issuance.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import dev.credbroker.issuance.StsProperties;
import dev.credbroker.issuance.StsResilience;
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;
import dev.credbroker.source.AccessKeyIds;

/**
 * Every STS call goes through here: one client per region with the SDK's own retries off,
 * and Resilience4j around each call. Decorators, outermost first: Retry (backoff with
 * full jitter, retryable failures only) → CircuitBreaker (one per region, so an outage of
 * one regional endpoint does not stop calls to the others; counts 5xx, throttling,
 * timeouts and I/O as failures and successes as successes, and ignores everything else:
 * an AccessDenied says nothing about STS's health and must not close a half-open breaker)
 * → RateLimiter (the broker's total STS call rate) → the call.
 */
@Component
class StsGateway implements StsResilience, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StsGateway.class);

	private static final long RECENT_NANOS = Duration.ofMinutes(1).toNanos();

	private final StsProperties properties;

	private final SdkClientLazily<SdkHttpClient> httpClient;

	private final Map<String, StsClient> clients = new ConcurrentHashMap<>();

	private final Retry retry;

	private final CircuitBreakerRegistry breakers;

	private final CircuitBreakerConfig breakerConfig;

	private final RateLimiter rateLimiter;

	private final MeterRegistry meters;

	/** The last attempt that could not reach STS, until an attempt succeeds. */
	private volatile NetworkFailure lastNetworkFailure;

	StsGateway(StsProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.meters = meters;
		// Built on first use (the start-up warm-up, in the background), not on the
		// start-up path.
		this.httpClient = SdkClientLazily.of(() -> ApacheHttpClient.builder()
			.connectionTimeout(properties.connectTimeout())
			.socketTimeout(properties.attemptTimeout())
			.maxConnections(Math.max(50, properties.threads() * 2))
			.build());
		RetryRegistry retries = RetryRegistry.ofDefaults();
		this.breakers = CircuitBreakerRegistry.ofDefaults();
		RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
		this.retry = retries.retry("sts",
				RetryConfig.custom()
					.maxAttempts(properties.retry().maxAttempts())
					.intervalFunction(new FullJitterBackoff(properties.retry()))
					.retryOnException(StsErrorClassifier::isRetryable)
					.failAfterMaxAttempts(false)
					.build());
		this.breakerConfig = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.circuitBreaker().failureRateThreshold())
			.slidingWindowSize(properties.circuitBreaker().slidingWindowSize())
			.minimumNumberOfCalls(properties.circuitBreaker().minimumNumberOfCalls())
			.waitDurationInOpenState(properties.circuitBreaker().waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(2)
			.recordException(StsErrorClassifier::isRetryable)
			.ignoreException((failure) -> !StsErrorClassifier.isRetryable(failure))
			.build();
		this.rateLimiter = limiters.rateLimiter("sts",
				RateLimiterConfig.custom()
					.limitForPeriod(properties.rateLimit().callsPerSecond())
					.limitRefreshPeriod(Duration.ofSeconds(1))
					.timeoutDuration(properties.rateLimit().maxWait())
					.build());
		TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.breakers).bindTo(meters);
		circuitBreaker(properties.region());
		TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
		this.retry.getEventPublisher()
			.onRetry((event) -> log.info("STS call failed ({}); retry {} in {} ms",
					StsFailureMessages.summary(event.getLastThrowable()), event.getNumberOfRetryAttempts(),
					event.getWaitInterval().toMillis()));
	}

	/**
	 * Calls STS in the given region with the resilience policies around it.
	 * @param what what the call is for, for messages
	 */
	<T> T call(String region, StsCall what, Function<StsClient, T> call) {
		StsClient client = client(region);
		Supplier<T> attempt = () -> {
			try {
				T result = call.apply(client);
				countAttempt(what.operation(), "success");
				this.lastNetworkFailure = null;
				return result;
			}
			catch (RuntimeException ex) {
				countAttempt(what.operation(), outcomeOf(ex));
				if (!(ex instanceof AwsServiceException) && StsErrorClassifier.isRetryable(ex)) {
					this.lastNetworkFailure = new NetworkFailure(
							StsFailureMessages.unreachable(this.properties.endpointFor(region), ex), System.nanoTime());
				}
				throw ex;
			}
		};
		Supplier<T> decorated = Retry.decorateSupplier(this.retry, CircuitBreaker
			.decorateSupplier(circuitBreaker(region), RateLimiter.decorateSupplier(this.rateLimiter, attempt)));
		try {
			return decorated.get();
		}
		catch (CallNotPermittedException ex) {
			throw new UpstreamUnavailableException("STS calls in " + region + " are paused after repeated STS failures "
					+ "(circuit breaker open); cached credentials are still served, retry shortly");
		}
		catch (RequestNotPermitted ex) {
			throw new UpstreamUnavailableException(
					"The broker's STS call rate limit (credbroker.sts.rate-limit) is " + "exhausted; retry shortly");
		}
		catch (SdkException ex) {
			throw translate(region, what, ex);
		}
	}

	private void countAttempt(String operation, String outcome) {
		Counter.builder("credbroker.sts.calls")
			.description("STS call attempts by operation and outcome")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static String outcomeOf(RuntimeException failure) {
		if (StsErrorClassifier.isThrottling(failure)) {
			return "throttled";
		}
		if (StsErrorClassifier.isRetryable(failure)) {
			return (failure instanceof AwsServiceException) ? "server_error" : "io_error";
		}
		return "rejected";
	}

	/**
	 * Why STS could not be reached, if an attempt in the last minute could not reach it
	 * and none has succeeded since: for answers given before the call itself gives up.
	 */
	Optional<String> recentNetworkFailure() {
		NetworkFailure failure = this.lastNetworkFailure;
		return (failure != null && System.nanoTime() - failure.atNanos() < RECENT_NANOS)
				? Optional.of(failure.message()) : Optional.empty();
	}

	private record NetworkFailure(String message, long atNanos) {
	}

	Retry retry() {
		return this.retry;
	}

	/** The breaker of one region, made on first use and named {@code sts-<region>}. */
	CircuitBreaker circuitBreaker(String region) {
		return this.breakers.circuitBreaker("sts-" + region, this.breakerConfig);
	}

	@Override
	public CircuitBreaker circuitBreaker() {
		return circuitBreaker(this.properties.region());
	}

	@Override
	public Map<String, CircuitBreaker> circuitBreakers() {
		Map<String, CircuitBreaker> byRegion = new java.util.TreeMap<>();
		this.breakers.getAllCircuitBreakers()
			.forEach((breaker) -> byRegion.put(breaker.getName().substring("sts-".length()), breaker));
		return byRegion;
	}

	RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	private RuntimeException translate(String region, StsCall what, SdkException ex) {
		if (StsErrorClassifier.isRetryable(ex)) {
			String message = StsFailureMessages.unavailable(what, this.properties.endpointFor(region), ex,
					this.properties.retry().maxAttempts());
			// One line per failed call (unless the caller's own line says it all); the
			// stack trace only for those who ask.
			if (!what.callerLogsFailure()) {
				log.warn(message);
			}
			log.debug("STS failure detail", ex);
			return new UpstreamUnavailableException(message);
		}
		if (ex instanceof AwsServiceException service) {
			return new UpstreamRejectedException(StsErrorClassifier.errorCode(service),
					StsFailureMessages.rejected(what, service));
		}
		// Client-side failures that are not I/O (a bad endpoint, say): the SDK's words,
		// masked.
		log.debug("STS call could not be made", ex);
		String said = String.valueOf(ex.getMessage());
		int dump = said.indexOf(": ProfileFile(");
		return new UpstreamUnavailableException("STS " + what.described() + " could not be called: "
				+ AccessKeyIds.maskWithin((dump >= 0) ? said.substring(0, dump) : said));
	}

	StsClient client(String region) {
		return this.clients.computeIfAbsent(region, (name) -> newClient(name, this.properties.endpoint()));
	}

	/**
	 * An STS client as the broker uses them: shared HTTP client, SDK retries off,
	 * per-attempt timeout.
	 */
	StsClient newClient(String region, URI endpoint) {
		var builder = StsClient.builder()
			.region(Region.of(region))
			.httpClient(this.httpClient.get())
			.credentialsProvider(NoDefaultCredentials.INSTANCE)
			.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallAttemptTimeout(this.properties.attemptTimeout())
				.apiCallTimeout(this.properties.attemptTimeout()));
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	@Override
	public void destroy() {
		this.clients.values().forEach(StsClient::close);
		this.httpClient.closeIfBuilt();
	}

}
