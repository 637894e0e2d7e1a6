package dev.credbroker.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The AWS SDK for JavaScript v3 client under {@code src/test/js}: installed with
 * {@code npm ci} on first use (CI installs it up front); tests that need it are skipped
 * with a message when Node.js or the npm registry is missing.
 */
public final class JavascriptSdk {

	private static final Path DIRECTORY = Path.of("src", "test", "js").toAbsolutePath();

	private JavascriptSdk() {
	}

	static Path script() {
		return DIRECTORY.resolve("credentials.mjs");
	}

	public static synchronized void installedOrSkip() {
		if (Files.isDirectory(DIRECTORY.resolve("node_modules/@aws-sdk/credential-providers"))) {
			return;
		}
		Path npm;
		try {
			npm = ExternalClients.executable("npm");
			ExternalClients.executable("node");
		}
		catch (IllegalStateException ex) {
			Assumptions.abort("Node.js/npm not found; skipping the JavaScript SDK client test");
			return;
		}
		ExternalClients.Result install = ExternalClients.run(
				Map.of("npm_config_cache", DIRECTORY.resolve(".npm").toString()), Duration.ofMinutes(3),
				List.of(npm.toString(), "ci", "--prefix", DIRECTORY.toString(), "--no-audit", "--no-fund",
						"--omit-lockfile-registry-resolved"));
		Assumptions.assumeTrue(install.exitCode() == 0,
				() -> "npm ci in src/test/js failed; skipping the JavaScript SDK client test: " + install.stderr());
	}

}
