package dev.credbroker.endpoint;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The container credentials endpoint.
 *
 * @param deadline how long a request without cached credentials waits for STS before it is answered 503 with
 * {@code Retry-After} (the JS SDK gives up at 1 s, botocore at 2 s); the STS call goes on in the background
 * @param retryAfter the {@code Retry-After} sent with 503 answers
 */
@ConfigurationProperties("credbroker.endpoint")
public record EndpointProperties(@DefaultValue("800ms") Duration deadline, @DefaultValue("1s") Duration retryAfter) {
}
