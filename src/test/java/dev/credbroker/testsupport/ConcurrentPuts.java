package dev.credbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Admin PUTs of several workloads (or issuers) sent at the same moment, each from its own
 * thread (through one broker or several replicas), for races between writes that must
 * exclude each other.
 */
public final class ConcurrentPuts {

	private ConcurrentPuts() {
	}

	/**
	 * PUTs {@code body.apply(name)} to {@code /admin/v1/workloads/<name>} through
	 * {@code admins.apply(name)} for every name, all let go at once.
	 * @return the answers by workload name
	 */
	public static Map<String, HttpJson.Response> ofWorkloads(List<String> names, Function<String, HttpJson> admins,
			Function<String, String> body) throws Exception {
		return at("/admin/v1/workloads/", names, admins, body);
	}

	/**
	 * PUTs {@code body.apply(name)} to {@code collection + name} through
	 * {@code admins.apply(name)} for every name, all let go at once.
	 * @return the answers by name
	 */
	public static Map<String, HttpJson.Response> at(String collection, List<String> names,
			Function<String, HttpJson> admins, Function<String, String> body) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(names.size());
		try {
			Map<String, Future<HttpJson.Response>> futures = new LinkedHashMap<>();
			for (String name : names) {
				futures.put(name, threads.submit(() -> {
					start.await();
					return admins.apply(name).put(collection + name, body.apply(name));
				}));
			}
			start.countDown();
			Map<String, HttpJson.Response> answers = new LinkedHashMap<>();
			for (Map.Entry<String, Future<HttpJson.Response>> future : futures.entrySet()) {
				answers.put(future.getKey(), future.getValue().get(30, TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Exactly one PUT created its workload; every other one was refused with 409 naming
	 * the winner, and stored nothing (as {@code admin} sees it).
	 * @return the winner's name
	 */
	public static String assertOneOverlappingWorkloadWon(Map<String, HttpJson.Response> answers, HttpJson admin) {
		List<String> winners = answers.entrySet()
			.stream()
			.filter((answer) -> answer.getValue().status() == 201)
			.map(Map.Entry::getKey)
			.toList();
		assertThat(winners).as("one winner among %s", answers).hasSize(1);
		String winner = winners.get(0);
		answers.forEach((name, answer) -> {
			if (!name.equals(winner)) {
				assertThat(answer.status()).as("%s: %s", name, answer).isEqualTo(409);
				assertThat(answer.json().get("detail").asString()).contains("overlaps workload '" + winner + "'");
				assertThat(admin.get("/admin/v1/workloads/" + name).status()).as("%s stored nothing", name)
					.isEqualTo(404);
			}
		});
		assertThat(admin.get("/admin/v1/workloads/" + winner).status()).isEqualTo(200);
		return winner;
	}

}
