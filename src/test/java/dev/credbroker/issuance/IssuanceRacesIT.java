package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoIamFixture;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.StsProxy;

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

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static StsProxy sts;

	static BrokerApp broker;

	static BrokerScenario scenario;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		sts = StsProxy.to(moto.endpoint());
		// One STS thread: a second miss queues behind a held first one,
		// deterministically.
		broker = BrokerScenario.broker(dataDir, sts.endpoint())
			.property("credbroker.sts.threads", 1)
			.property("credbroker.sts.attempt-timeout", "30s")
			.start();
		scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker, sts);
	}

	@Test
	void aRequestWaitingWhileItsWorkloadIsDeletedAndCreatedAgainNeverGetsTheNewRecipesCredentials() throws Exception {
		String blocker = scenario.assumeRole("blocker", "main", moto.iam().appRoleArn());
		String oldToken = scenario.assumeRole("reborn", "main", moto.iam().appRoleArn());
		sts.hold();
		CompletableFuture<HttpResponse<String>> blocked = credentialsAsync(blocker);
		await("the blocker's AssumeRole held at STS").atMost(Duration.ofSeconds(20))
			.until(() -> sts.count("AssumeRole") == 1);
		CompletableFuture<HttpResponse<String>> waiting = credentialsAsync(oldToken);
		await("both requests waiting").atMost(Duration.ofSeconds(20))
			.until(() -> scenario.prometheus().value("credbroker_endpoint_waiting") == 2);

		assertThat(broker.admin().delete("/admin/v1/workloads/reborn").status()).isEqualTo(204);
		String newToken = scenario.workload("reborn", """
				{"source":"main","type":"assume-role","roleArn":"%s","roleSessionName":"second-life"}
				""".formatted(moto.iam().appRoleArn()));
		sts.release();

		HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
		assertThat(answer.body()).doesNotContain("AccessKeyId");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(JsonMapper.shared().readTree(answer.body()).get("message").asString()).contains("reborn", "changed");
		assertThat(blocked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(scenario.credentials(oldToken).status()).as("the old token on retry").isEqualTo(401);
		scenario.okCredentials(newToken);
		assertThat(sts.requests("AssumeRole").get(sts.count("AssumeRole") - 1).param("RoleSessionName"))
			.isEqualTo("second-life");
	}

	@Test
	void aRefusalObtainedWithASourceFixedMeanwhileIsNotRememberedAndTheNextRequestSucceeds() throws Exception {
		scenario.staticSource("flaky",
				new MotoIamFixture.Keys(moto.iam().broker().accessKeyId(), "WrongSecretKey0123456789abcdefWRONG"));
		String token = scenario.assumeRole("on-flaky", "flaky", moto.iam().appRoleArn());
		int before = sts.count("AssumeRole");
		sts.hold();
		CompletableFuture<HttpResponse<String>> inFlight = credentialsAsync(token);
		await("the AssumeRole with the wrong secret held at STS").atMost(Duration.ofSeconds(20))
			.until(() -> sts.count("AssumeRole") == before + 1);

		scenario.staticSource("flaky", moto.iam().broker());
		sts.release();
		HttpResponse<String> refusedInFlight = inFlight.get(30, TimeUnit.SECONDS);
		HttpJson.Response next = scenario.credentials(token);

		assertThat(refusedInFlight.statusCode()).as("refused with the old secret, but the source changed: retry")
			.isEqualTo(503);
		assertThat(refusedInFlight.body()).contains("flaky", "changed");
		assertThat(next.status()).as("the next request, at once: %s", next).isEqualTo(200);
	}

	private static CompletableFuture<HttpResponse<String>> credentialsAsync(String token) {
		HttpRequest request = HttpRequest.newBuilder(broker.credentialsUri())
			.header("Authorization", token)
			.timeout(Duration.ofSeconds(60))
			.build();
		return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

}
