package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;

/**
 * The container endpoint's own protections: a per-workload request rate, and a brake on
 * addresses that present unknown tokens (it refuses only unknown tokens: a known token is
 * always served). Both answer 503 {@code Throttled} with {@code Retry-After}, which every
 * SDK retries.
 */
class RateLimitIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withoutAuth();

	static BrokerApp broker;

	static BrokerScenario scenario;

	static String busy;

	static String quiet;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerScenario.broker(dataDir, moto.endpoint())
			.property("credbroker.endpoint.workload-requests-per-second", 5)
			.property("credbroker.endpoint.bad-token-limit", 3)
			.property("credbroker.endpoint.bad-token-window", "5s")
			.start();
		scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
		busy = scenario.assumeRole("busy", "main", moto.iam().appRoleArn());
		quiet = scenario.assumeRole("quiet", "main", moto.iam().appRoleArn());
		scenario.okCredentials(busy);
		scenario.okCredentials(quiet);
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker);
	}

	@Test
	void aBurstAboveTheWorkloadRateIsPartlyThrottledAndOtherWorkloadsAreUnaffected() throws Exception {
		List<HttpJson.Response> burst = concurrently(20, () -> scenario.credentials(busy));

		List<HttpJson.Response> throttled = burst.stream().filter((r) -> r.status() == 503).toList();
		assertThat(burst).allSatisfy((r) -> assertThat(r.status()).isIn(200, 503));
		assertThat(burst.stream().filter((r) -> r.status() == 200)).isNotEmpty();
		assertThat(throttled).isNotEmpty().allSatisfy((r) -> {
			assertThat(r.json().get("code").asString()).isEqualTo("Throttled");
			assertThat(r.json().get("Code").asString()).isEqualTo("Throttled");
			assertThat(r.json().get("message").asString()).contains("busy", "requests per second");
			assertThat(r.header("Retry-After")).isEqualTo("1");
		});
		assertThat(scenario.credentials(quiet).status()).as("another workload").isEqualTo(200);
	}

	/**
	 * The reported repro: one pod keeps retrying a deleted token (in the sidecar layout
	 * every caller shares 127.0.0.1).
	 */
	@Test
	void unknownTokensBrakeOnlyUnknownTokensFromThatAddressUntilTheWindowEnds() {
		String deleted = scenario.assumeRole("deleted", "main", moto.iam().appRoleArn());
		assertThat(broker.admin().delete("/admin/v1/workloads/deleted").status()).isEqualTo(204);
		List<Integer> retries = IntStream.range(0, 30).mapToObj((i) -> scenario.credentials(deleted).status()).toList();

		HttpJson.Response braked = scenario.credentials("cbw_guess");
		HttpJson.Response cached = scenario.credentials(quiet);
		String fresh = scenario.assumeRole("fresh", "main", moto.iam().appRoleArn());
		HttpJson.Response uncached = scenario.credentials(fresh);

		assertThat(retries.subList(0, 3)).as("up to the limit (3)").containsOnly(401);
		assertThat(retries.subList(3, 30)).as("past the limit").containsOnly(503);
		assertThat(braked.status()).isEqualTo(503);
		assertThat(braked.json().get("code").asString()).isEqualTo("Throttled");
		assertThat(braked.json().get("message").asString()).contains("unknown tokens");
		assertThat(braked.header("Retry-After")).as("what is left of the 5 s window, in whole seconds")
			.isIn("1", "2", "3", "4", "5");
		assertThat(braked.json().get("message").asString()).contains("wait " + braked.header("Retry-After") + " s");
		assertThat(cached.status()).as("a known token from the braked address, cached").isEqualTo(200);
		assertThat(uncached.status()).as("a known token from the braked address, issued now").isEqualTo(200);
		assertThat(broker.admin().get("/admin/v1/workloads").status()).as("the admin API is not braked").isEqualTo(200);
		await("brake lifted after the window").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> scenario.credentials(deleted).status() == 401);
	}

	private static List<HttpJson.Response> concurrently(int count, Callable<HttpJson.Response> request)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<HttpJson.Response>> futures = pool
				.invokeAll(IntStream.range(0, count).mapToObj((i) -> request).toList());
			List<HttpJson.Response> responses = new java.util.ArrayList<>();
			for (Future<HttpJson.Response> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
