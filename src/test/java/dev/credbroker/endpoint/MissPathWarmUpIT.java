package dev.credbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import dev.credbroker.audit.AuditLog;
import dev.credbroker.endpoint.internal.MissPathWarmUp;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.MotoServer;
import dev.credbroker.testsupport.StsProxy;

/**
 * The miss path is warmed at start, before readiness, against a fake STS inside the
 * broker: the configured STS (a counting proxy in front of moto) sees no call, and the
 * warm-up leaves no cached credentials, no audit event and no count in the broker's
 * metrics; the first real workload is then issued as usual.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MissPathWarmUpIT {

	private static final int ISSUANCES = 40;

	private static final int CLIENTS = 3;

	@RegisterExtension
	static final MotoServer moto = MotoServer.withIamAuth();

	static StsProxy proxy;

	static BrokerApp broker;

	@BeforeAll
	static void start() throws Exception {
		proxy = StsProxy.to(moto.endpoint());
		Path dataDir = Files.createTempDirectory("warm-up");
		broker = BrokerApp.on(dataDir)
			.stsEndpoint(proxy.endpoint())
			.property("credbroker.endpoint.warm-up.enabled", true)
			.property("credbroker.endpoint.warm-up.issuances", ISSUANCES)
			.property("credbroker.endpoint.warm-up.clients-per-workload", CLIENTS)
			.start();
	}

	@AfterAll
	static void stop() throws Exception {
		BrokerScenario.closeAll(broker, proxy);
	}

	@Test
	@Order(1)
	void theWarmUpRanBeforeReadinessWithoutTheRealStsAndLeftNothingBehind() {
		MissPathWarmUp.Run run = broker.bean(MissPathWarmUp.class).lastRun().orElseThrow();
		assertThat(run.issuances()).isEqualTo(ISSUANCES);
		assertThat(run.requests()).isEqualTo(ISSUANCES * CLIENTS);
		assertThat(run.stsCalls()).as("a fake STS call per synthetic workload (retries aside): %s", run)
			.isGreaterThanOrEqualTo(ISSUANCES);
		assertThat(run.answers().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(run.requests());

		assertThat(proxy.requests()).as("calls that reached the configured STS").isEmpty();

		AvailabilityChangeEvent<ReadinessState> readiness = broker.bean(ApplicationAvailability.class)
			.getLastChangeEvent(ReadinessState.class);
		assertThat(readiness.getState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(Instant.ofEpochMilli(readiness.getTimestamp())).as("readiness went up after the warm-up")
			.isAfterOrEqualTo(run.finishedAt());

		assertThat(broker.bean(AuditLog.class).recent(null, 100)).as("audit events").isEmpty();

		MeterRegistry meters = broker.bean(MeterRegistry.class);
		List<String> counted = meters.getMeters()
			.stream()
			.filter((meter) -> isOurs(meter.getId().getName()))
			.filter(MissPathWarmUpIT::countsAnything)
			.map((meter) -> meter.getId().toString())
			.toList();
		assertThat(counted).as("metrics that counted something").isEmpty();
		assertThat(meters.find("cache.size").tag("cache", "issued-credentials").gauge().value())
			.as("cached credentials")
			.isZero();
	}

	@Test
	@Order(2)
	void aRealWorkloadIsIssuedThroughTheConfiguredStsAfterwards() {
		BrokerScenario scenario = new BrokerScenario(broker);
		scenario.staticSource("main", moto.iam().broker());
		String token = scenario.assumeRole("app", "main", moto.iam().appRoleArn());

		scenario.okCredentials(token);

		assertThat(proxy.count("AssumeRole")).isEqualTo(1);
	}

	@Test
	@Order(3)
	void turnedOffNoWarmUpRuns() throws Exception {
		try (BrokerApp off = BrokerApp.on(Files.createTempDirectory("warm-up-off"))
			.stsEndpoint(proxy.endpoint())
			.property("credbroker.endpoint.warm-up.enabled", false)
			.start()) {
			assertThat(off.bean(MissPathWarmUp.class).lastRun()).isEmpty();
		}
	}

	private static boolean isOurs(String name) {
		return name.startsWith("credbroker.") || name.startsWith("cache.") || name.startsWith("resilience4j.");
	}

	private static boolean countsAnything(Meter meter) {
		for (Measurement measurement : meter.measure()) {
			if ((measurement.getStatistic() == Statistic.COUNT || measurement.getStatistic() == Statistic.TOTAL_TIME)
					&& measurement.getValue() > 0) {
				return true;
			}
		}
		return false;
	}

}
