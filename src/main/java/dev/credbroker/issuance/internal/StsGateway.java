package dev.credbroker.issuance.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
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
import dev.credbroker.issuance.UpstreamRejectedException;
import dev.credbroker.issuance.UpstreamUnavailableException;

/**
 * Every STS call goes through here: one client per region with the SDK's own retries off, and Resilience4j around
 * each call. Decorators, outermost first: Retry (backoff with full jitter, retryable failures only) → CircuitBreaker
 * (counts only 5xx/throttling/timeouts/I-O as failures) → RateLimiter (the broker's total STS call rate) → the call.
 */
@Component
class StsGateway implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StsGateway.class);

	private final StsProperties properties;

	private final SdkHttpClient httpClient;

	private final Map<String, StsClient> clients = new ConcurrentHashMap<>();

	private final Retry retry;

	private final CircuitBreaker circuitBreaker;

	private final RateLimiter rateLimiter;

	StsGateway(StsProperties properties) {
		this.properties = properties;
		this.httpClient = ApacheHttpClient.builder()
			.connectionTimeout(properties.connectTimeout())
			.socketTimeout(properties.attemptTimeout())
			.maxConnections(Math.max(50, properties.threads() * 2))
			.build();
		this.retry = Retry.of("sts", RetryConfig.custom()
			.maxAttempts(properties.retry().maxAttempts())
			.intervalFunction(new FullJitterBackoff(properties.retry()))
			.retryOnException(StsErrorClassifier::isRetryable)
			.failAfterMaxAttempts(false)
			.build());
		this.circuitBreaker = CircuitBreaker.of("sts", CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.circuitBreaker().failureRateThreshold())
			.slidingWindowSize(properties.circuitBreaker().slidingWindowSize())
			.minimumNumberOfCalls(properties.circuitBreaker().minimumNumberOfCalls())
			.waitDurationInOpenState(properties.circuitBreaker().waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(2)
			.recordException(StsErrorClassifier::isRetryable)
			.build());
		this.rateLimiter = RateLimiter.of("sts", RateLimiterConfig.custom()
			.limitForPeriod(properties.rateLimit().callsPerSecond())
			.limitRefreshPeriod(Duration.ofSeconds(1))
			.timeoutDuration(properties.rateLimit().maxWait())
			.build());
		this.retry.getEventPublisher()
			.onRetry((event) -> log.info("STS call failed ({}); retry {} in {} ms", describe(event.getLastThrowable()),
					event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis()));
	}

	/**
	 * Calls STS in the given region with the resilience policies around it.
	 * @param operation the STS operation, for messages ("AssumeRole")
	 * @param subject what was asked for, for messages ("role arn:aws:iam::...:role/app")
	 */
	<T> T call(String region, String operation, String subject, Function<StsClient, T> call) {
		StsClient client = client(region);
		Supplier<T> attempt = () -> call.apply(client);
		Supplier<T> decorated = Retry.decorateSupplier(this.retry,
				CircuitBreaker.decorateSupplier(this.circuitBreaker,
						RateLimiter.decorateSupplier(this.rateLimiter, attempt)));
		try {
			return decorated.get();
		}
		catch (CallNotPermittedException ex) {
			throw new UpstreamUnavailableException("STS calls are paused after repeated STS failures (circuit breaker "
					+ "open); cached credentials are still served, retry shortly");
		}
		catch (RequestNotPermitted ex) {
			throw new UpstreamUnavailableException("The broker's STS call rate limit (credbroker.sts.rate-limit) is "
					+ "exhausted; retry shortly");
		}
		catch (SdkException ex) {
			throw translate(operation, subject, ex);
		}
	}

	Retry retry() {
		return this.retry;
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	private RuntimeException translate(String operation, String subject, SdkException ex) {
		if (StsErrorClassifier.isRetryable(ex)) {
			return new UpstreamUnavailableException("STS " + operation + " for " + subject + " failed after "
					+ this.properties.retry().maxAttempts() + " attempts: " + describe(ex) + "; retry shortly");
		}
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			String code = service.awsErrorDetails().errorCode();
			// A 4xx without a parseable code (a WAF or proxy page, an unexpected error shape) is still a refusal.
			String shown = (code != null) ? code : "HTTP " + service.statusCode() + " without an error code";
			return new UpstreamRejectedException(code, "STS refused " + operation + " for " + subject + ": " + shown
					+ ": " + service.awsErrorDetails().errorMessage() + ". " + RejectionAdvice.forCode(code));
		}
		return new UpstreamUnavailableException("STS " + operation + " for " + subject + " failed: " + describe(ex));
	}

	static String describe(Throwable failure) {
		if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
		}
		return (failure != null) ? failure.getClass().getSimpleName() : "unknown";
	}

	private StsClient client(String region) {
		return this.clients.computeIfAbsent(region, (name) -> {
			var builder = StsClient.builder()
				.region(Region.of(name))
				.httpClient(this.httpClient)
				.credentialsProvider(NoDefaultCredentials.INSTANCE)
				.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
					.apiCallAttemptTimeout(this.properties.attemptTimeout())
					.apiCallTimeout(this.properties.attemptTimeout()));
			if (this.properties.endpoint() != null) {
				builder.endpointOverride(this.properties.endpoint());
			}
			return builder.build();
		});
	}

	@Override
	public void destroy() {
		this.clients.values().forEach(StsClient::close);
		this.httpClient.close();
	}

}
