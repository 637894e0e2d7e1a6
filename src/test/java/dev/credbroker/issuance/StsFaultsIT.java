package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.RecordedRequest;
import dev.credbroker.testsupport.VendingHarness;

/**
 * STS failing in every way the proxy can script: retried transient errors, unretried
 * refusals, an outage (cached credentials still served, new workloads 503 within the
 * deadline, recovery), and a slow STS past the endpoint deadline. The circuit breaker is
 * kept from opening so that tests stay independent.
 */
class StsFaultsIT {

	private static final Logger log = LoggerFactory.getLogger(StsFaultsIT.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long INITIAL_MILLIS = 100;

	/**
	 * Scheduling, the faulted answer and the SDK's own work between two attempts, on a
	 * busy 2-core machine.
	 */
	private static final long GAP_TOLERANCE_MILLIS = 300;

	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.sts.retry.max-attempts", 4,
			"credbroker.sts.retry.initial-interval", INITIAL_MILLIS + "ms", "credbroker.sts.retry.multiplier", 2.0,
			"credbroker.sts.retry.max-interval", "1s", "credbroker.sts.circuit-breaker.sliding-window-size", 1000,
			"credbroker.sts.circuit-breaker.minimum-number-of-calls", 1000,
			"credbroker.sts.circuit-breaker.wait-in-open-state", "100ms", "credbroker.endpoint.deadline", "800ms"));

	@Test
	void twoServerErrorsThenSuccessTakesThreeAttempts() {
		VendingHarness.TestWorkload workload = world.newAppWorkload("five-hundreds");
		world.proxy().failNext("AssumeRole", 2, 500, "InternalFailure", "scripted");

		HttpResponse<String> first = world.rawCredentials(workload.token());

		assertThat(first.statusCode()).as("backoff of at most 100 + 200 ms fits the deadline: %s", first.body())
			.isEqualTo(200);
		assertThat(world.assumeRoleCalls(workload.name())).hasSize(3);
		assertThat(world.rawCredentials(workload.token()).body()).isEqualTo(first.body());
		assertThat(world.assumeRoleCalls(workload.name())).hasSize(3);
	}

	@Test
	void throttlingIsRetriedWithBackoffWithinFullJitterCeilings() {
		VendingHarness.TestWorkload workload = world.newAppWorkload("throttled");
		world.proxy().failNext("AssumeRole", 3, 400, "Throttling", "Rate exceeded");

		world.awaitCredentials(workload.token());

		List<RecordedRequest> attempts = world.assumeRoleCalls(workload.name());
		assertThat(attempts).hasSize(4);
		for (int retry = 1; retry < attempts.size(); retry++) {
			long ceiling = INITIAL_MILLIS << (retry - 1);
			Duration gap = attempts.get(retry).since(attempts.get(retry - 1));
			log.info("gap before attempt {}: {} ms (ceiling {} ms)", retry + 1, gap.toMillis(), ceiling);
			assertThat(gap).as("gap before attempt %d", retry + 1)
				.isLessThanOrEqualTo(Duration.ofMillis(ceiling + GAP_TOLERANCE_MILLIS));
		}
	}

	@Test
	void persistentServerErrorsGiveUpAfterMaxAttempts() {
		VendingHarness.TestWorkload workload = world.newAppWorkload("down-for-good");
		world.proxy().failNext("AssumeRole", 4, 503, "ServiceUnavailable", "scripted");

		HttpResponse<String> answer = world.rawCredentials(workload.token());

		assertUnavailable(answer);
		await().atMost(Duration.ofSeconds(10)).until(() -> world.assumeRoleCalls(workload.name()).size() == 4);
		await().during(Duration.ofMillis(1200))
			.atMost(Duration.ofSeconds(3))
			.until(() -> world.assumeRoleCalls(workload.name()).size() == 4);
		assertThat(world.rawCredentials(workload.token()).statusCode()).as("the faults are used up").isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource({ "403, AccessDenied", "400, ValidationError", "400, MalformedPolicyDocument",
			"400, PackedPolicyTooLarge", "403, RegionDisabledException", "403, ExpiredToken",
			"403, InvalidClientTokenId" })
	void refusalsAreTriedOnceAndAnswered502(int status, String code) {
		VendingHarness.TestWorkload workload = world.newAppWorkload("refused");
		world.proxy().failNext("AssumeRole", 1, status, code, "scripted refusal");

		HttpResponse<String> answer = world.rawCredentials(workload.token());

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
		assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.get("code").asString()).isEqualTo("UpstreamRejected");
		assertThat(body.get("message").asString()).contains(code).contains(world.iam().appRoleArn());
		assertThat(world.assumeRoleCalls(workload.name())).hasSize(1);
	}

	@Test
	void outageServesCachedCredentialsAnswersNewWorkloadsWithinTheDeadlineAndRecovers() {
		VendingHarness.TestWorkload cachedWorkload = world.newAppWorkload("cached");
		HttpResponse<String> before = world.rawCredentials(cachedWorkload.token());
		assertThat(before.statusCode()).isEqualTo(200);
		VendingHarness.TestWorkload newWorkload = world.newAppWorkload("new-during-outage");

		world.proxy().goDown();

		for (int i = 0; i < 5; i++) {
			HttpResponse<String> cached = world.rawCredentials(cachedWorkload.token());
			assertThat(cached.statusCode()).isEqualTo(200);
			assertThat(cached.body()).isEqualTo(before.body());
		}
		long started = System.nanoTime();
		HttpResponse<String> refused = world.rawCredentials(newWorkload.token());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		log.info("new workload during the outage answered {} in {} ms", refused.statusCode(), took.toMillis());
		assertUnavailable(refused);
		assertThat(took).isLessThan(Duration.ofSeconds(2));

		world.proxy().comeBack();

		HttpResponse<String> recovered = world.awaitCredentials(newWorkload.token());
		assertThat(JSON.readTree(recovered.body()).get("RoleArn").asString()).isEqualTo(world.iam().appRoleArn());
		assertThat(world.rawCredentials(cachedWorkload.token()).body()).isEqualTo(before.body());
		assertThat(world.assumeRoleCalls(cachedWorkload.name())).hasSize(1);
	}

	@Test
	void slowStsAnswers503AtTheDeadlineAndTheRetryFindsTheCredentialsCached() {
		VendingHarness.TestWorkload workload = world.newAppWorkload("slow");
		world.proxy().delayAll(Duration.ofMillis(1500));

		long started = System.nanoTime();
		HttpResponse<String> first = world.rawCredentials(workload.token());
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		log.info("first request against a 1.5 s STS answered {} in {} ms", first.statusCode(), took.toMillis());
		assertUnavailable(first);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofMillis(1300));
		world.awaitCredentials(workload.token());
		assertThat(world.assumeRoleCalls(workload.name())).as("the call went on in the background").hasSize(1);
	}

	private static void assertUnavailable(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.get("code").asString()).isEqualTo("UpstreamUnavailable");
		assertThat(body.get("Code").asString()).isEqualTo("UpstreamUnavailable");
		assertThat(body.get("message").asString()).isNotBlank();
	}

}
