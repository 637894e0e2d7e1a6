package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.VendingHarness;

/** Concurrent first requests for one workload make exactly one STS call. */
class ConcurrencyIT {

	private static final Logger log = LoggerFactory.getLogger(ConcurrencyIT.class);

	private static final int CLIENTS = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final VendingHarness world = VendingHarness
		.withProperties(Map.of("server.tomcat.threads.max", CLIENTS + 20));

	@Test
	void concurrentFirstRequestsMakeOneAssumeRole() throws Exception {
		String workload = world.newWorkloadName("burst");
		String token = world.createAppWorkload(workload);

		List<HttpResponse<String>> answers = burst(token);

		String key = assertOnlyCredentialsOrRetryLater(answers);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
		String retriedKey = accessKeyOf(world.awaitCredentials(token));
		if (key != null) {
			assertThat(retriedKey).isEqualTo(key);
		}
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
	}

	@Test
	void concurrentFirstRequestsWhileStsIsSlowGetRetryAfterAndThenTheOneIssuance() throws Exception {
		String workload = world.newWorkloadName("slow-burst");
		String token = world.createAppWorkload(workload);
		world.proxy().delayAll(Duration.ofMillis(1500));

		List<HttpResponse<String>> answers = burst(token);

		String key = assertOnlyCredentialsOrRetryLater(answers);
		assertThat(answers).as("the first ones stopped waiting at the deadline")
			.anySatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(503));
		HttpResponse<String> retried = world.awaitCredentials(token);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
		assertThat(accessKeyOf(world.rawCredentials(token))).isEqualTo(accessKeyOf(retried));
		if (key != null) {
			assertThat(accessKeyOf(retried)).as("late arrivals of the burst got the same credentials").isEqualTo(key);
		}
	}

	/** {@link #CLIENTS} requests released together; their answers. */
	private static List<HttpResponse<String>> burst(String token) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			CountDownLatch ready = new CountDownLatch(CLIENTS);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				futures.add(clients.submit(() -> {
					ready.countDown();
					go.await();
					return world.rawCredentials(token);
				}));
			}
			ready.await();
			long started = System.nanoTime();
			go.countDown();
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				answers.add(future.get());
			}
			log.info("{} concurrent first requests answered in {} ms: {}", CLIENTS,
					(System.nanoTime() - started) / 1_000_000,
					answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting())));
			return answers;
		}
		finally {
			clients.shutdownNow();
		}
	}

	/**
	 * Every answer is 200 or 503 with Retry-After, and all 200s carry one key; that key,
	 * or null if none.
	 */
	private static String assertOnlyCredentialsOrRetryLater(List<HttpResponse<String>> answers) {
		assertThat(answers).hasSize(CLIENTS).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
			if (answer.statusCode() == 503) {
				assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(JSON.readTree(answer.body()).get("code").asString()).isEqualTo("UpstreamUnavailable");
			}
		});
		Set<String> keys = answers.stream()
			.filter((answer) -> answer.statusCode() == 200)
			.map(ConcurrencyIT::accessKeyOf)
			.collect(Collectors.toSet());
		assertThat(keys).hasSizeLessThanOrEqualTo(1);
		return keys.isEmpty() ? null : keys.iterator().next();
	}

	private static String accessKeyOf(HttpResponse<String> answer) {
		return JSON.readTree(answer.body()).get("AccessKeyId").asString();
	}

}
