package dev.credbroker.common;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin API's calls to AWS (dry runs, MFA sessions, key rotations, decoding
 * authorization messages), which run on threads of their own so that they never hold a
 * request thread the container endpoint needs.
 *
 * @param threads how many such calls run at once
 * @param queue how many more may wait for a thread; past that a call is answered 503 with
 * {@code Retry-After} at once
 * @param timeout how long a caller waits for the answer before a 503 (the call itself
 * goes on and its outcome shows in the audit log and the resource it changed)
 */
@ConfigurationProperties("credbroker.admin.aws-calls")
public record AdminAwsCallProperties(@DefaultValue("4") int threads, @DefaultValue("16") int queue,
		@DefaultValue("60s") Duration timeout) {

	public AdminAwsCallProperties {
		if (threads < 1) {
			throw new IllegalArgumentException("credbroker.admin.aws-calls.threads must be at least 1");
		}
		if (queue < 0) {
			throw new IllegalArgumentException("credbroker.admin.aws-calls.queue must not be negative");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("credbroker.admin.aws-calls.timeout must be positive");
		}
	}

}
