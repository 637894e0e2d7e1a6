package dev.credbroker.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.StsProxy;

/**
 * A broker stopped (SIGTERM: the context closes) while an STS call runs in the
 * background, after the request that started it has given up waiting: the call finishes
 * and its audit row is stored before the store closes, instead of being interrupted and
 * lost with an ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownDrainIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	@Test
	void anIssuanceInFlightAtShutdownFinishesAndIsAudited(@TempDir Path dataDir, CapturedOutput output)
			throws Exception {
		try (StsProxy sts = StsProxy.to(moto.endpoint())) {
			BrokerApp broker = BrokerScenario.broker(dataDir, sts.endpoint())
				// the request gives up quickly; its STS call goes on in the background
				.property("credbroker.endpoint.deadline", "1s")
				.property("credbroker.sts.attempt-timeout", "30s")
				.start();
			BrokerScenario scenario = new BrokerScenario(broker);
			scenario.staticSource("main", moto.iam().broker());
			String token = scenario.assumeRole("app", "main", moto.iam().appRoleArn());
			ThreadPoolExecutor stsExecutor = broker.context().getBean("stsExecutor", ThreadPoolExecutor.class);

			sts.hold();
			HttpJson.Response gaveUp = broker.client(token).get("/v1/credentials");
			assertThat(gaveUp.status()).as(gaveUp.toString()).isEqualTo(503);
			assertThat(sts.count("AssumeRole")).isEqualTo(1);
			assertThat(stsExecutor.getActiveCount()).isEqualTo(1);

			CompletableFuture<Void> stopping = CompletableFuture.runAsync(broker::stop);
			// the web server is down and the STS executor drains, the store still open
			await().atMost(Duration.ofSeconds(30)).until(stsExecutor::isShutdown);
			assertThat(stopping).isNotDone();
			sts.release();
			stopping.get();
			assertThat(stsExecutor.isTerminated()).isTrue();

			broker.start();
			try {
				JsonNode events = broker.admin().get("/admin/v1/audit?workload=app").json();
				assertThat(events).anySatisfy((event) -> {
					assertThat(event.get("action").asString()).isEqualTo("issue");
					assertThat(event.get("outcome").asString()).isEqualTo("success");
				});
			}
			finally {
				broker.stop();
			}
			assertThat(output).doesNotContain("interrupting them").doesNotContainPattern("(?m)^\\S+\\s+ERROR ");
		}
	}

}
