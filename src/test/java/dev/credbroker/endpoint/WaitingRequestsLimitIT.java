package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Requests without cached credentials wait for STS up to
 * {@code credbroker.endpoint.max-waiting-requests} at a time; past it they are answered
 * 503 at once, while the one STS call goes on for the retry to find.
 */
class WaitingRequestsLimitIT {

	private static final int LIMIT = 3;

	private static final int CLIENTS = 10;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(
			Map.of("credbroker.endpoint.max-waiting-requests", LIMIT, "credbroker.endpoint.deadline", "10s"));

	@Test
	void requestsPastTheLimitAreAnsweredAtOnceAndTheirRetryFindsTheOneIssuance() throws Exception {
		String workload = world.newWorkloadName("crowd");
		String token = world.createAppWorkload(workload);
		world.proxy().delayAll(Duration.ofSeconds(2));
		double shedBefore = shedCount();

		List<HttpResponse<String>> answers = concurrently(token);

		List<HttpResponse<String>> waited = answers.stream().filter((a) -> a.statusCode() == 200).toList();
		List<HttpResponse<String>> shed = answers.stream().filter((a) -> a.statusCode() == 503).toList();
		assertThat(waited).as("the ones that waited got the credentials").hasSize(LIMIT);
		assertThat(shed).as("the rest were answered at once").hasSize(CLIENTS - LIMIT).allSatisfy((answer) -> {
			JsonNode error = JSON.readTree(answer.body());
			assertThat(error.get("code").asString()).isEqualTo("UpstreamUnavailable");
			assertThat(error.get("Code").asString()).isEqualTo("UpstreamUnavailable");
			assertThat(error.get("message").asString()).contains("3 requests are already waiting",
					"credbroker.endpoint.max-waiting-requests");
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
		});
		assertThat(world.assumeRoleCalls(workload)).as("one STS call for all of them").hasSize(1);
		assertThat(shedCount() - shedBefore).isEqualTo(CLIENTS - LIMIT);
		await("no request left waiting").atMost(Duration.ofSeconds(5))
			.until(() -> metric("credbroker.endpoint.waiting", null), (waiting) -> waiting == 0.0);
		world.proxy().delayAll(Duration.ZERO);
		assertThat(world.rawCredentials(token).statusCode()).as("the retry").isEqualTo(200);
		assertThat(world.assumeRoleCalls(workload)).hasSize(1);
	}

	@Test
	void aCachedWorkloadIsAnsweredWhileTheLimitIsReached() throws Exception {
		String cached = world.createAppWorkload(world.newWorkloadName("cached"));
		assertThat(world.awaitCredentials(cached).statusCode()).isEqualTo(200);
		String fresh = world.createAppWorkload(world.newWorkloadName("fresh"));
		world.proxy().delayAll(Duration.ofSeconds(2));
		ExecutorService clients = Executors.newFixedThreadPool(LIMIT);
		try {
			List<Future<HttpResponse<String>>> waiting = new ArrayList<>();
			for (int i = 0; i < LIMIT; i++) {
				waiting.add(clients.submit(() -> world.rawCredentials(fresh)));
			}
			await("the waiting places are taken").atMost(Duration.ofSeconds(5))
				.until(() -> metric("credbroker.endpoint.waiting", null), (count) -> count == LIMIT);

			assertThat(world.rawCredentials(cached).statusCode()).as("cached: no waiting").isEqualTo(200);
			assertThat(world.rawCredentials(fresh).statusCode()).as("one more miss").isEqualTo(503);
			for (Future<HttpResponse<String>> answer : waiting) {
				assertThat(answer.get().statusCode()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
			world.proxy().delayAll(Duration.ZERO);
		}
	}

	private static List<HttpResponse<String>> concurrently(String token) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				futures.add(clients.submit(() -> {
					go.await();
					return world.rawCredentials(token);
				}));
			}
			go.countDown();
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static double shedCount() {
		return metric("credbroker.endpoint.requests", "outcome:too_many_waiting");
	}

	private static double metric(String name, String tag) {
		HttpJson.Response answer = world.broker()
			.admin()
			.get("/actuator/metrics/" + name + ((tag != null) ? "?tag=" + tag : ""));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json().get("measurements").get(0).get("value").asDouble();
	}

}
