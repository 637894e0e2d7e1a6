package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.StsProxy;
import dev.credbroker.testsupport.VendingHarness;

/**
 * While STS hangs, credentials that are stale (renewal overdue) but still servable are
 * answered at once from the cache: no request waits for a renewal that has already
 * outlived the deadline, and none is shed for lack of a waiting slot.
 * <p>
 * The recipe lasts 1800 s and {@code min-remaining} is 1790 s, so the credentials are due
 * for renewal 5 s after issue and stale 10 s after it.
 */
class StaleServingIT {

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.endpoint.deadline", "1s",
			"credbroker.endpoint.max-waiting-requests", 4, "credbroker.endpoint.workload-requests-per-second", 0,
			"credbroker.cache.min-remaining", "1790s", "credbroker.cache.renewal-sweep", "1s",
			"credbroker.cache.renewal-retry", "1s", "credbroker.sts.attempt-timeout", "60s"));

	@Test
	void staleCredentialsAreServedAtOnceWhileTheRenewalHangsAndNoneIsShed() throws Exception {
		StsProxy sts = world.proxy();
		BrokerScenario scenario = new BrokerScenario(world.broker());
		String token = scenario.workload("stale", """
				{"source":"main","type":"assume-role","roleArn":"%s","durationSeconds":1800}
				""".formatted(world.iam().appRoleArn()));
		HttpJson.Response issued = scenario.okCredentials(token);
		Instant staleFrom = Instant.parse(issued.json().get("Expiration").asString()).minusSeconds(1790);
		sts.hold();
		await("the renewal started and hangs at STS").atMost(Duration.ofSeconds(30))
			.until(() -> sts.count("AssumeRole") == 2);
		await("the credentials are stale").atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(staleFrom));

		List<HttpJson.Response> burst = concurrently(40, () -> world.credentials(token));

		assertThat(burst).allSatisfy((answer) -> {
			assertThat(answer.status()).as("%s", answer).isEqualTo(200);
			assertThat(answer.json().get("AccessKeyId").asString())
				.isEqualTo(issued.json().get("AccessKeyId").asString());
		});
		assertThat(scenario.prometheus().value("credbroker_endpoint_requests_total", "outcome", "too_many_waiting"))
			.isZero();
	}

	private static List<HttpJson.Response> concurrently(int count, Callable<HttpJson.Response> request)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<HttpJson.Response> responses = new java.util.ArrayList<>();
			for (Future<HttpJson.Response> future : pool
				.invokeAll(IntStream.range(0, count).mapToObj((i) -> request).toList())) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
