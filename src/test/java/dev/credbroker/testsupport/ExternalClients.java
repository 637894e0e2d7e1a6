package dev.credbroker.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs real AWS clients (botocore via {@code clients/botocore_credentials.py}, AWS CLI
 * v1) as child processes in a hermetic environment: an EMPTY environment plus
 * {@code PATH}, {@code HOME} = a fresh temp directory (also the working directory),
 * {@code AWS_CONFIG_FILE}/{@code AWS_SHARED_CREDENTIALS_FILE} pointing at files that do
 * not exist, {@code AWS_EC2_METADATA_DISABLED=true}, and the variables the test passes.
 * The developer's own AWS config and credentials can therefore never leak in.
 *
 * <p>
 * {@code python3} and {@code aws} are pyenv shims here: bash scripts that only need
 * {@code bash} on {@code PATH} (they set {@code PYENV_ROOT} themselves and pick the
 * global version from {@code $PYENV_ROOT/version}); {@code PYENV_ROOT} and
 * {@code PYENV_VERSION} are passed through when set.
 */
public final class ExternalClients {

	/** Default time a client may run. */
	public static final Duration TIMEOUT = Duration.ofSeconds(60);

	private ExternalClients() {
	}

	/** Exit code and captured output of a finished process. */
	public record Result(int exitCode, String stdout, String stderr) {

		/** The last non-blank stdout line (the scripts print one JSON line). */
		public String lastLine() {
			return stdout.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
		}

		@Override
		public String toString() {
			return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
		}
	}

	/** {@code python3 botocore_credentials.py args...}. */
	public static Result botocore(Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(List.of(executable("python3").toString(), botocoreScript().toString()));
		command.addAll(List.of(args));
		return run(env, TIMEOUT, command);
	}

	/**
	 * The AWS SDK for JavaScript v3's default Node.js chain, run by
	 * {@code src/test/js/credentials.mjs}.
	 */
	public static Result javascriptSdk(Map<String, String> env) {
		return run(env, TIMEOUT, List.of(executable("node").toString(), JavascriptSdk.script().toString()));
	}

	/**
	 * {@code aws args...}, e.g.
	 * {@code awsCli(env, "sts", "get-caller-identity", "--endpoint-url", url, "--output", "json")}.
	 */
	public static Result awsCli(Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(List.of(executable("aws").toString()));
		command.addAll(List.of(args));
		return run(env, TIMEOUT, command);
	}

	/**
	 * Runs {@code command} in the hermetic environment plus {@code env}; kills it after
	 * {@code timeout}.
	 */
	public static Result run(Map<String, String> env, Duration timeout, List<String> command) {
		Path home = null;
		try {
			home = Files.createTempDirectory("external-client-home");
			Path stdout = home.resolve(".stdout");
			Path stderr = home.resolve(".stderr");
			ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
				.redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			Map<String, String> environment = builder.environment();
			environment.clear();
			environment.putAll(baseEnvironment(home));
			environment.putAll(env);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException(
						"timed out after " + timeout + ": " + command + "\n" + Files.readString(stderr));
			}
			return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
					Files.readString(stderr, StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot run " + command, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + command, e);
		}
		finally {
			deleteQuietly(home);
		}
	}

	/** The first executable {@code name} on PATH, else in the pyenv shims directory. */
	public static Path executable(String name) {
		String pyenvRoot = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
		List<String> dirs = new ArrayList<>(
				List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		dirs.add(pyenvRoot + "/shims");
		return dirs.stream()
			.filter(dir -> !dir.isBlank())
			.map(dir -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(name + " not found on PATH nor in " + pyenvRoot + "/shims"));
	}

	/** The botocore script, from the test classpath. */
	public static Path botocoreScript() {
		URL script = ExternalClients.class.getResource("/clients/botocore_credentials.py");
		if (script == null) {
			throw new IllegalStateException("clients/botocore_credentials.py not on the test classpath");
		}
		try {
			return Path.of(script.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Map<String, String> baseEnvironment(Path home) {
		Map<String, String> env = new HashMap<>();
		env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
		env.put("HOME", home.toString());
		env.put("LANG", "C.UTF-8");
		env.put("AWS_CONFIG_FILE", home.resolve("no-such-aws-config").toString());
		env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-such-aws-credentials").toString());
		env.put("AWS_EC2_METADATA_DISABLED", "true");
		for (String passThrough : List.of("PYENV_ROOT", "PYENV_VERSION")) {
			String value = System.getenv(passThrough);
			if (value != null) {
				env.put(passThrough, value);
			}
		}
		return env;
	}

	private static void deleteQuietly(Path dir) {
		if (dir == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ignored) {
			// temp dir; the OS cleans up eventually
		}
	}

}
