package dev.credbroker.endpoint;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The container credentials endpoint.
 *
 * @param deadline how long a request without cached credentials waits for STS before it
 * is answered 503 with {@code Retry-After} (the JS SDK gives up at 1 s, botocore at 2 s);
 * the STS call goes on in the background
 * @param retryAfter the {@code Retry-After} sent with 503 answers
 * @param workloadRequestsPerSecond requests one workload may make per second before it is
 * answered 503 {@code Throttled}; 0 turns the limit off
 * @param badTokenLimit unknown tokens one client address may present per
 * {@code badTokenWindow} before every request from it is answered 503 {@code Throttled}
 * until the window ends; 0 turns the brake off
 * @param badTokenWindow the window of {@code badTokenLimit}
 * @param maxWaitingRequests requests without cached credentials that may wait for STS at
 * the same time; past it a request is answered 503 {@code UpstreamUnavailable} at once
 * while its workload's STS call goes on. Each waiting request holds about 80 KB of heap;
 * when not set, 1000, or fewer if the heap cannot hold that many (see
 * {@code WaitingRequests}); 0 turns the limit off
 * @param releaseHeapAfterBurst once at least this many requests have waited for STS at
 * the same time and none has for {@code releaseHeapQuietPeriod}, the broker runs one full
 * garbage collection so the JVM gives back the heap the burst grew (a pause of about 0.1
 * s); 0 turns it off
 * @param releaseHeapQuietPeriod how long no request may have waited for STS before the
 * heap is given back
 * @param allowedHosts host names (besides IP literals and {@code localhost}) accepted in
 * the {@code Host} header of plain-http requests; names not listed are refused, against
 * DNS rebinding
 */
@ConfigurationProperties("credbroker.endpoint")
public record EndpointProperties(@DefaultValue("800ms") Duration deadline, @DefaultValue("1s") Duration retryAfter,
		@DefaultValue("200") int workloadRequestsPerSecond, @DefaultValue("30") int badTokenLimit,
		@DefaultValue("1m") Duration badTokenWindow, Integer maxWaitingRequests,
		@DefaultValue("200") int releaseHeapAfterBurst, @DefaultValue("10s") Duration releaseHeapQuietPeriod,
		@DefaultValue List<String> allowedHosts) {
}
