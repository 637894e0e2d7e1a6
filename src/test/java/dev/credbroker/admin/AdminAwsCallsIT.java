package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.VendingHarness;
import dev.credbroker.testsupport.VendingHarness.TestWorkload;

/**
 * The admin API's calls to STS run on a pool of their own and answer asynchronously: with
 * STS holding every call, more dry runs than the broker has request threads are in
 * flight, yet a cached container request is answered while they all still wait, and dry
 * runs past the pool and its queue get 503 with {@code Retry-After} at once.
 */
class AdminAwsCallsIT {

	private static final int REQUEST_THREADS = 4;

	private static final int AWS_CALL_THREADS = 2;

	private static final int AWS_CALL_QUEUE = 3;

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("server.tomcat.threads.max",
			REQUEST_THREADS, "server.tomcat.threads.min-spare", REQUEST_THREADS, "credbroker.admin.aws-calls.threads",
			AWS_CALL_THREADS, "credbroker.admin.aws-calls.queue", AWS_CALL_QUEUE));

	private static final ExecutorService clients = Executors.newFixedThreadPool(8);

	@AfterAll
	static void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void dryRunsWaitingForStsHoldNoRequestThread() {
		TestWorkload cached = world.newAppWorkload("cached");
		world.awaitCredentials(cached.token());
		TestWorkload tried = world.newAppWorkload("tried");
		world.resetProxy();

		world.proxy().hold();
		int accepted = AWS_CALL_THREADS + AWS_CALL_QUEUE;
		int sent = accepted + 2;
		assertThat(accepted).as("more dry runs in flight than request threads").isGreaterThan(REQUEST_THREADS);
		List<CompletableFuture<HttpJson.Response>> dryRuns = IntStream.range(0, sent)
			.mapToObj((i) -> CompletableFuture.supplyAsync(
					() -> world.broker().admin().post("/admin/v1/workloads/" + tried.name() + "/dry-run", null),
					clients))
			.toList();
		try {
			// The two past the pool and its queue are refused at once, while STS holds
			// the
			// rest.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> dryRuns.stream().filter(CompletableFuture::isDone).count() == sent - accepted);
			List<HttpJson.Response> refused = dryRuns.stream()
				.filter(CompletableFuture::isDone)
				.map(CompletableFuture::join)
				.toList();
			assertThat(refused).allSatisfy((response) -> {
				assertThat(response.status()).as(response.toString()).isEqualTo(503);
				assertThat(response.header("Retry-After")).isEqualTo("5");
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
				assertThat(response.json().get("detail").asString()).contains("credbroker.admin.aws-calls");
			});
			await().atMost(Duration.ofSeconds(20)).until(() -> world.proxy().count("AssumeRole") >= AWS_CALL_THREADS);

			HttpJson.Response answer = world.credentials(cached.token());

			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			assertThat(dryRuns.stream().filter((dryRun) -> !dryRun.isDone()).count())
				.as("dry runs still waiting for STS when the cached request was answered")
				.isEqualTo(accepted);
			assertThat(world.broker().admin().get("/admin/v1/workloads/" + cached.name()).status())
				.as("an admin request without an AWS call is served too")
				.isEqualTo(200);
		}
		finally {
			world.proxy().release();
		}
		List<HttpJson.Response> answered = dryRuns.stream().map(CompletableFuture::join).toList();
		assertThat(answered.stream().filter((response) -> response.status() == 200).count())
			.as("the held dry runs answer once STS does: %s", answered)
			.isEqualTo(accepted);
	}

}
