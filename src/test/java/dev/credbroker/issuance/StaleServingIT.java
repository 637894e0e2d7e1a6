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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.StsProxy;
import dev.credbroker.testsupport.VendingHarness;

/**
 * While STS hangs, credentials that are stale (renewal overdue) but still servable are
 * answered at once from the cache: no request waits for a renewal that has already
 * outlived the deadline, and none is shed for lack of a waiting slot. Each renewal that
 * fails is one WARN line, naming the workload and why.
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

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void eachFailedRenewalIsOneWarnLineNamingTheWorkloadAndWhy(CapturedOutput output) {
		StsProxy sts = world.proxy();
		BrokerScenario scenario = new BrokerScenario(world.broker());
		String name = world.newWorkloadName("renewal");
		String token = scenario.workload(name, """
				{"source":"main","type":"assume-role","roleArn":"%s","durationSeconds":1800}
				""".formatted(world.iam().appRoleArn()));
		HttpJson.Response issued = scenario.okCredentials(token);
		int before = output.getOut().length();
		String failed = "Renewal of credentials for workload '" + name + "' failed";
		sts.goDown();
		try {
			await("a failed renewal").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> output.getOut().substring(before).contains(failed));
		}
		finally {
			sts.comeBack();
		}

		String logged = output.getOut().substring(before);
		List<String> warnings = logged.lines().filter((line) -> line.contains(" WARN ")).toList();
		assertThat(warnings).as("every WARN is a failed renewal's own line")
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains("Renewal of credentials for workload '"));
		assertThat(warnings).filteredOn((line) -> line.contains(failed))
			.first()
			.asString()
			.contains("serving the cached ones until", "STS at " + sts.endpoint(), "is unreachable");
		assertThat(logged).doesNotContain(issued.json().get("SecretAccessKey").asString(),
				issued.json().get("Token").asString(), world.iam().broker().secretAccessKey());
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
