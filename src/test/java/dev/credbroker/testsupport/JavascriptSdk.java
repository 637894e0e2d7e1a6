package dev.credbroker.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
		// With this machine's own environment (npm's registry settings and CA live in
		// it), not the hermetic one.
		ProcessBuilder builder = new ProcessBuilder(npm.toString(), "ci", "--prefix", DIRECTORY.toString(),
				"--no-audit", "--no-fund", "--omit-lockfile-registry-resolved")
			.redirectErrorStream(true)
			.redirectOutput(DIRECTORY.resolve("npm-ci.log").toFile());
		int exit;
		try {
			Process process = builder.start();
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				exit = -1;
			}
			else {
				exit = process.exitValue();
			}
		}
		catch (IOException ex) {
			exit = -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exit = -1;
		}
		Assumptions.assumeTrue(exit == 0,
				"npm ci in src/test/js failed (see src/test/js/npm-ci.log); skipping the JavaScript SDK client test");
	}

}
