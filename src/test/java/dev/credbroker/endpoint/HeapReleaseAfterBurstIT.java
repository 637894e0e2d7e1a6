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

import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Once {@code credbroker.endpoint.release-heap-after-burst} requests have waited for STS
 * at once and none has for {@code release-heap-quiet-period}, the broker runs one full
 * collection to give back the heap the burst grew.
 */
class HeapReleaseAfterBurstIT {

	private static final int THRESHOLD = 3;

	@RegisterExtension
	static final VendingHarness world = VendingHarness
		.withProperties(Map.of("credbroker.endpoint.release-heap-after-burst", THRESHOLD,
				"credbroker.endpoint.release-heap-quiet-period", "1s", "credbroker.endpoint.deadline", "10s"));

	@Test
	void aBurstAtTheThresholdIsFollowedByOneCollectionOnceItIsOver() throws Exception {
		double before = releases();

		assertThat(burst(THRESHOLD - 1)).as("a smaller burst").allMatch((answer) -> answer.statusCode() == 200);
		await("no collection after a burst below the threshold").during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(HeapReleaseAfterBurstIT::releases, (count) -> count == before);

		assertThat(burst(THRESHOLD + 1)).allMatch((answer) -> answer.statusCode() == 200);
		await("one collection once the burst is over").atMost(Duration.ofSeconds(15))
			.until(HeapReleaseAfterBurstIT::releases, (count) -> count == before + 1);
		await("and only one").during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(HeapReleaseAfterBurstIT::releases, (count) -> count == before + 1);
	}

	/** Clients that all ask for one new workload's credentials at once, with STS slow. */
	private static List<HttpResponse<String>> burst(int clients) throws Exception {
		String token = world.createAppWorkload(world.newWorkloadName("burst"));
		world.proxy().delayAll(Duration.ofSeconds(1));
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				futures.add(pool.submit(() -> {
					go.await();
					return world.rawCredentials(token);
				}));
			}
			go.countDown();
			await("all of them waiting").atMost(Duration.ofSeconds(5))
				.until(() -> metric("credbroker.endpoint.waiting"), (waiting) -> waiting == clients);
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
			world.proxy().delayAll(Duration.ZERO);
		}
	}

	private static double releases() {
		return metric("credbroker.endpoint.heap.releases");
	}

	private static double metric(String name) {
		HttpJson.Response answer = world.broker().admin().get("/actuator/metrics/" + name);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json().get("measurements").get(0).get("value").asDouble();
	}

}
