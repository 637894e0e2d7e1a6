package dev.credbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.AdminBodies;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.FreePorts;
import dev.credbroker.testsupport.HttpJson;

/**
 * An acknowledged admin write survives the process being killed at any moment: a broker
 * in a child JVM takes a stream of workload writes, gets SIGKILL in the middle of it, and
 * after a restart on the same embedded store every workload answered {@code 201} is
 * there.
 */
class KilledBrokerIT {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final int ACKNOWLEDGED_BEFORE_KILL = 60;

	@TempDir
	Path dataDir;

	@Test
	void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
		List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
		Process broker = startChildBroker();
		ExecutorService writers = Executors.newFixedThreadPool(2);
		try {
			Path log = logFile();
			int port = await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> startedPort(log, broker), (found) -> found != 0);
			HttpJson admin = HttpJson.to(URI.create("http://127.0.0.1:" + port), "Bearer " + BrokerApp.ADMIN_TOKEN);
			assertThat(admin.put("/admin/v1/sources/main", AdminBodies.staticSource().toString()).status())
				.isEqualTo(201);
			AtomicInteger next = new AtomicInteger();
			List<Future<?>> streams = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				streams.add(writers.submit(() -> writeUntilGone(admin, next, acknowledged, broker)));
			}
			assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(broker.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
			for (Future<?> stream : streams) {
				stream.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			broker.destroyForcibly();
			writers.shutdownNow();
		}

		try (BrokerApp restarted = BrokerApp.on(this.dataDir).unreachableSts().start()) {
			List<String> lost = new ArrayList<>();
			List<String> unaudited = new ArrayList<>();
			for (String name : List.copyOf(acknowledged)) {
				if (restarted.admin().get("/admin/v1/workloads/" + name).status() != 200) {
					lost.add(name);
				}
				if (!restarted.admin().get("/admin/v1/audit?workload=" + name).body().contains("\"success\"")) {
					unaudited.add(name);
				}
			}
			assertThat(lost)
				.as("workloads answered 201 before the kill, missing after the restart (of %d)", acknowledged.size())
				.isEmpty();
			assertThat(unaudited).as("workloads answered 201 before the kill whose audit event is missing").isEmpty();
		}
	}

	/**
	 * PUTs new workloads until the broker stops answering; records each 201, and kills
	 * the broker the moment the {@value #ACKNOWLEDGED_BEFORE_KILL}th arrives.
	 */
	private static void writeUntilGone(HttpJson admin, AtomicInteger next, List<String> acknowledged, Process broker) {
		while (true) {
			String name = "w-" + next.getAndIncrement();
			HttpJson.Response response;
			try {
				response = admin.put("/admin/v1/workloads/" + name, AdminBodies.assumeRole("main").toString());
			}
			catch (RuntimeException ex) {
				return;
			}
			if (response.status() == 201) {
				acknowledged.add(name);
				if (acknowledged.size() == ACKNOWLEDGED_BEFORE_KILL) {
					broker.destroyForcibly();
				}
			}
		}
	}

	private Process startChildBroker() throws IOException {
		Path log = logFile();
		Files.createDirectories(log.getParent());
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), CredentialBrokerApplication.class.getName(), "--server.port=0",
				"--server.address=127.0.0.1", "--credbroker.data-dir=" + this.dataDir,
				"--credbroker.admin.token=" + BrokerApp.ADMIN_TOKEN,
				"--credbroker.sts.endpoint=http://127.0.0.1:" + FreePorts.pick())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private Path logFile() {
		return Path.of("target", "killed-broker", this.dataDir.getFileName() + ".log");
	}

	private static int startedPort(Path log, Process broker) throws IOException {
		assertThat(broker.isAlive()).as("the child broker is running (see %s)", log).isTrue();
		Matcher started = STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
		return started.find() ? Integer.parseInt(started.group(1)) : 0;
	}

}
