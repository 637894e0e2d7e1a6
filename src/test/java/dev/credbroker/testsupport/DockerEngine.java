package dev.credbroker.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is there for Testcontainers. Without a hint of one (no
 * {@code DOCKER_HOST}, no Docker socket, no Testcontainers configuration) the answer is
 * no at once: Testcontainers' own probe logs every strategy it tried with stack traces.
 * Docker-only tests use it first:
 * {@code @EnabledIf("dev.credbroker.testsupport.DockerEngine#isAvailable")}.
 */
public final class DockerEngine {

	private static Boolean available;

	private DockerEngine() {
	}

	public static synchronized boolean isAvailable() {
		if (available == null) {
			available = mayBeThere() && probe();
		}
		return available;
	}

	private static boolean mayBeThere() {
		String dockerHost = System.getenv("DOCKER_HOST");
		if (dockerHost != null && !dockerHost.isBlank()) {
			return true;
		}
		String home = System.getProperty("user.home");
		List<Path> hints = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
				Path.of(home, ".docker", "run", "docker.sock"), Path.of(home, ".docker", "desktop", "docker.sock"),
				Path.of(home, ".testcontainers.properties")));
		String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDir != null) {
			hints.add(Path.of(runtimeDir, "docker.sock"));
		}
		return hints.stream().anyMatch(Files::exists);
	}

	private static boolean probe() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
