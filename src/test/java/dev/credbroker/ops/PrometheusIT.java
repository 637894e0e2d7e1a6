package dev.credbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.PrometheusText;
import dev.credbroker.testsupport.StsProxy;

/**
 * {@code /actuator/prometheus} after a known sequence of requests on a fresh broker: 3
 * successful requests for one workload (1 miss, 2 hits), 2 unknown tokens, 1 disabled
 * workload, 1 recipe STS refuses with AccessDenied.
 */
class PrometheusIT {

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	static StsProxy sts;

	static BrokerApp broker;

	static PrometheusText metrics;

	@BeforeAll
	static void runTheSequence(@TempDir Path dataDir) {
		sts = StsProxy.to(moto.endpoint());
		// moto answers IAM-policy denials in the EC2 error shape; real STS uses the STS
		// shape.
		sts.normalizeMotoErrors(true);
		broker = BrokerScenario.broker(dataDir, sts.endpoint())
			.property("credbroker.metrics.mfa-refresh", "200ms")
			.start();
		BrokerScenario scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
		scenario.mfaSource("guarded", moto.iam().broker(), "arn:aws:iam::" + moto.iam().accountId() + ":mfa/broker");
		String app = scenario.assumeRole("app", "main", moto.iam().appRoleArn());
		String off = scenario.workload("off",
				("{\"source\":\"main\",\"type\":\"assume-role\",\"roleArn\":\"%s\"," + "\"enabled\":false}")
					.formatted(moto.iam().appRoleArn()));
		String denied = scenario.assumeRole("denied", "main", moto.iam().lockedRoleArn());

		for (int i = 0; i < 3; i++) {
			scenario.okCredentials(app);
		}
		assertThat(scenario.credentials("cbw_unknown_one").status()).isEqualTo(401);
		assertThat(scenario.credentials("cbw_unknown_two").status()).isEqualTo(401);
		assertThat(scenario.credentials(off).status()).isEqualTo(403);
		assertThat(scenario.credentials(denied).status()).isEqualTo(502);

		metrics = await("MFA session gauge of source 'guarded'").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(scenario::prometheus,
					(text) -> text.has("credbroker_mfa_session_remaining_seconds", "source", "guarded"));
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker, sts);
	}

	@Test
	void endpointRequestsAreCountedByOutcome() {
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "ok")).isEqualTo(3.0);
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "unauthorized")).isEqualTo(2.0);
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "disabled")).isEqualTo(1.0);
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "upstream_rejected")).isEqualTo(1.0);
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "throttled")).isZero();
		assertThat(metrics.value("credbroker_endpoint_requests_total", "outcome", "unavailable")).isZero();
	}

	@Test
	void stsCallsAreCountedByOperationAndOutcome() {
		assertThat(metrics.value("credbroker_sts_calls_total", "operation", "AssumeRole", "outcome", "success"))
			.isEqualTo(1.0);
		assertThat(metrics.value("credbroker_sts_calls_total", "operation", "AssumeRole", "outcome", "rejected"))
			.isEqualTo(1.0);
	}

	@Test
	void issuanceTimeIsATimerByTypeAndOutcome() {
		assertThat(metrics.value("credbroker_issuance_duration_seconds_count", "type", "assume-role", "outcome",
				"success"))
			.isEqualTo(1.0);
		assertThat(metrics.value("credbroker_issuance_duration_seconds_count", "type", "assume-role", "outcome",
				"UpstreamRejected"))
			.isEqualTo(1.0);
		assertThat(metrics.find("credbroker_issuance_duration_seconds_bucket")).isNotEmpty();
	}

	@Test
	void theCredentialsCacheCountsOneLookupPerRequest() {
		assertThat(metrics.value("cache_gets_total", "cache", "issued-credentials", "result", "hit")).isEqualTo(2.0);
		// the first request of 'app' and the one of 'denied'
		assertThat(metrics.value("cache_gets_total", "cache", "issued-credentials", "result", "miss")).isEqualTo(2.0);
		assertThat(metrics.value("cache_size", "cache", "issued-credentials")).isEqualTo(1.0);
		assertThat(metrics.has("cache_evictions_total", "cache", "issued-credentials")).isTrue();
	}

	@Test
	void resilienceStateIsExported() {
		assertThat(metrics.value("resilience4j_circuitbreaker_state", "name", "sts-us-east-1", "state", "closed"))
			.isEqualTo(1.0);
		assertThat(metrics.value("resilience4j_circuitbreaker_state", "name", "sts-us-east-1", "state", "open"))
			.isZero();
		assertThat(metrics.find("resilience4j_retry_calls_total", "name", "sts")).isNotEmpty();
		assertThat(metrics.value("resilience4j_retry_calls_total", "name", "sts", "kind", "successful_without_retry"))
			.isEqualTo(1.0);
	}

	@Test
	void mfaSessionRemainingIsZeroWithoutASession() {
		assertThat(metrics.value("credbroker_mfa_session_remaining_seconds", "source", "guarded")).isZero();
		assertThat(metrics.find("credbroker_mfa_session_remaining_seconds", "source", "main")).isEmpty();
	}

}
