package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoIamFixture;
import dev.credbroker.testsupport.StsProxy;
import dev.credbroker.testsupport.VendingHarness;

/**
 * Admin changes that land while an issuance is in flight, made deterministic by holding
 * STS with a latch ({@link StsProxy#hold()}) and running one STS thread:
 * <ul>
 * <li>a workload deleted and created again under the same name is another workload: a
 * token of the old one never receives the new one's credentials (across replicas:
 * {@code ReplicasIT});</li>
 * <li>a refusal from STS obtained with a source that has been fixed meanwhile is not
 * remembered: the next request tries again at once.</li>
 * </ul>
 */
class IssuanceRacesIT {

	// One STS thread: a second miss queues behind a held first one, deterministically.
	@RegisterExtension
	static final VendingHarness world = VendingHarness.withProperties(Map.of("credbroker.sts.threads", 1,
			"credbroker.sts.attempt-timeout", "30s", "credbroker.endpoint.deadline", BrokerScenario.PATIENT_DEADLINE));

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final StsProxy sts = world.proxy();

	private final BrokerScenario scenario = new BrokerScenario(world.broker());

	@Test
	void aRequestWaitingWhileItsWorkloadIsDeletedAndCreatedAgainNeverGetsTheNewRecipesCredentials() throws Exception {
		String blocker = world.createAppWorkload("blocker");
		String oldToken = world.createAppWorkload("reborn");
		this.sts.hold();
		CompletableFuture<HttpResponse<String>> blocked = credentialsAsync(blocker);
		await("the blocker's AssumeRole held at STS").atMost(Duration.ofSeconds(20))
			.until(() -> this.sts.count("AssumeRole") == 1);
		CompletableFuture<HttpResponse<String>> waiting = credentialsAsync(oldToken);
		await("both requests waiting").atMost(Duration.ofSeconds(20))
			.until(() -> this.scenario.prometheus().value("credbroker_endpoint_waiting") == 2);

		assertThat(world.broker().admin().delete("/admin/v1/workloads/reborn").status()).isEqualTo(204);
		String newToken = this.scenario.workload("reborn", """
				{"source":"main","type":"assume-role","roleArn":"%s","roleSessionName":"second-life"}
				""".formatted(world.iam().appRoleArn()));
		this.sts.release();

		HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
		assertThat(answer.body()).doesNotContain("AccessKeyId");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(JsonMapper.shared().readTree(answer.body()).get("message").asString()).contains("reborn", "changed");
		assertThat(blocked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.scenario.credentials(oldToken).status()).as("the old token on retry").isEqualTo(401);
		this.scenario.okCredentials(newToken);
		assertThat(this.sts.requests("AssumeRole").get(this.sts.count("AssumeRole") - 1).param("RoleSessionName"))
			.isEqualTo("second-life");
	}

	@Test
	void aRefusalObtainedWithASourceFixedMeanwhileIsNotRememberedAndTheNextRequestSucceeds() throws Exception {
		this.scenario.staticSource("flaky",
				new MotoIamFixture.Keys(world.iam().broker().accessKeyId(), "WrongSecretKey0123456789abcdefWRONG"));
		String token = this.scenario.assumeRole("on-flaky", "flaky", world.iam().appRoleArn());
		int before = this.sts.count("AssumeRole");
		this.sts.hold();
		CompletableFuture<HttpResponse<String>> inFlight = credentialsAsync(token);
		await("the AssumeRole with the wrong secret held at STS").atMost(Duration.ofSeconds(20))
			.until(() -> this.sts.count("AssumeRole") == before + 1);

		this.scenario.staticSource("flaky", world.iam().broker());
		this.sts.release();
		HttpResponse<String> refusedInFlight = inFlight.get(30, TimeUnit.SECONDS);
		HttpJson.Response next = this.scenario.credentials(token);

		assertThat(refusedInFlight.statusCode()).as("refused with the old secret, but the source changed: retry")
			.isEqualTo(503);
		assertThat(refusedInFlight.body()).contains("flaky", "changed");
		assertThat(next.status()).as("the next request, at once: %s", next).isEqualTo(200);
	}

	private static CompletableFuture<HttpResponse<String>> credentialsAsync(String token) {
		HttpRequest request = HttpRequest.newBuilder(world.broker().credentialsUri())
			.header("Authorization", token)
			.timeout(Duration.ofSeconds(60))
			.build();
		return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

}
