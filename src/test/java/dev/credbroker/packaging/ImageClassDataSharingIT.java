package dev.credbroker.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the image's class-data-sharing steps outside Docker (there is no engine in CI):
 * the jar extracted as the build stage does, the Dockerfile's training {@code RUN}
 * exactly as written, then the Dockerfile's {@code ENTRYPOINT} flags with the archive.
 * Proves the archive is written, leaves nothing else behind, and is used by the
 * entrypoint's JVM for the broker's own classes and for those that only the start-up
 * warm-up's requests load (the training run stops once ready:
 * {@code credbroker.exit-when-ready}).
 */
class ImageClassDataSharingIT {

	private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	static List<String> training;

	static List<String> entrypoint;

	@TempDir
	static Path work;

	@BeforeAll
	static void readDockerfile() throws IOException {
		DockerfileTest.read();
		List<String> runtime = DockerfileTest.runtimeStage();
		training = execForm(DockerfileTest.execFormOf(DockerfileTest.trainingRun()), "");
		entrypoint = execForm(
				runtime.stream().filter((i) -> i.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow(),
				"ENTRYPOINT ");
	}

	@Test
	void trainingRunWritesAnArchiveThatTheEntrypointMapsForTheBrokersClasses() throws Exception {
		Path app = extractedLikeTheImage();
		// the image mounts a fresh tmpfs on /tmp for the training run: a fresh folder
		// here
		Path trainingTmp = Files.createDirectories(work.resolve("training-tmp"));
		List<Path> before = listing(app);
		Run trained = run(app, onTmp(replaceJava(training), trainingTmp));
		assertThat(trained.exitCode).as("training run output:%n%s", trained.output).isZero();
		assertThat(app.resolve("app.jsa")).isRegularFile();
		List<Path> after = new ArrayList<>(listing(app));
		after.removeAll(before);
		assertThat(after).as("outside the tmpfs the training run leaves only the archive")
			.containsExactly(Path.of("app.jsa"));
		assertThat(trainingTmp.resolve("spring.log")).as("logging goes to the console only").doesNotExist();

		// the application files are root-owned in the image: read-only for the broker
		makeReadOnly(app);
		Path runtimeTmp = Files.createDirectories(work.resolve("runtime-tmp"));
		List<String> started = new ArrayList<>(onTmp(replaceJava(entrypoint), runtimeTmp));
		// Logs where each class came from; stops once ready, after the start-up warm-up.
		started.add(1, "-Xlog:class+load=info");
		started.addAll(List.of("--credbroker.exit-when-ready=true", "--server.port=0", "--server.address=127.0.0.1",
				"--credbroker.data-dir=" + work.resolve("data")));
		Run run = run(app, started);
		assertThat(run.exitCode).as("entrypoint output:%n%s", tail(run.output)).isZero();
		String brokerLog = run.output.lines()
			.filter((line) -> !line.startsWith("["))
			.collect(Collectors.joining(System.lineSeparator()));
		assertThat(brokerLog).as("the broker ran its warm-up, got ready, then stopped as asked")
			.containsSubsequence("Miss path warmed up before readiness", "Credential Broker ready:",
					"Ready: exiting, as credbroker.exit-when-ready asks");
		assertThat(run.output).as("the broker's classes come from the archive")
			.containsPattern("dev\\.credbroker\\.CredentialBrokerApplication source: shared objects file \\(top\\)");
		// A training run that stopped after the context refresh archived neither: the
		// first connection loads Tomcat's processor, the warm-up its loopback STS.
		assertThat(run.output).as("classes first loaded by the warm-up's requests come from the archive too")
			.containsPattern("org\\.apache\\.coyote\\.http11\\.Http11Processor source: shared objects file \\(top\\)")
			.containsPattern(
					"dev\\.credbroker\\.endpoint\\.internal\\.MissPathWarmUp\\$FakeSts source: shared objects file \\(top\\)");
		assertThat(runtimeTmp.resolve("spring.log")).as("logging goes to the console only").doesNotExist();
	}

	/**
	 * The command with {@code /tmp} (java.io.tmpdir and paths under it) moved to
	 * {@code tmp}.
	 */
	private static List<String> onTmp(List<String> command, Path tmp) {
		List<String> moved = new ArrayList<>();
		moved.add(command.get(0));
		moved.add("-Djava.io.tmpdir=" + tmp);
		for (String arg : command.subList(1, command.size())) {
			if (arg.startsWith("-Djava.io.tmpdir=")) {
				continue;
			}
			moved.add(arg.replace("=/tmp/", "=" + tmp + "/"));
		}
		return moved;
	}

	private static List<Path> listing(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.map(dir::relativize).toList();
		}
	}

	private static void makeReadOnly(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.toList()) {
				assertThat(p.toFile().setWritable(false, false)).as("read-only %s", p).isTrue();
			}
		}
	}

	/**
	 * The jar extracted into Spring Boot layers and the layers copied into one directory,
	 * as the image does.
	 */
	private static Path extractedLikeTheImage() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter((p) -> p.getFileName().toString().matches("credential-broker-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("run after package: no target/credential-broker-*.jar"));
		}
		Path build = Files.createDirectories(work.resolve("build"));
		Files.copy(jar, build.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
		Run extract = run(build, List.of(JAVA, "-Djarmode=tools", "-jar", "app.jar", "extract", "--layers",
				"--destination", "extracted"));
		assertThat(extract.exitCode).as(extract.output).isZero();
		Path app = Files.createDirectories(work.resolve("app"));
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			copyTree(build.resolve("extracted").resolve(layer), app);
		}
		return app;
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (!Files.isDirectory(from)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path source : paths.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static List<String> execForm(String instruction, String keyword) {
		String json = instruction.substring(keyword.length()).strip();
		return List.of(JsonMapper.builder().build().readValue(json, String[].class));
	}

	private static List<String> replaceJava(List<String> command) {
		assertThat(command.get(0)).isEqualTo("java");
		List<String> local = new ArrayList<>(command);
		local.set(0, JAVA);
		return local;
	}

	private static String argumentValue(List<String> command, String prefix) {
		return command.stream()
			.filter((a) -> a.startsWith(prefix))
			.map((a) -> a.substring(prefix.length()))
			.findFirst()
			.orElseThrow();
	}

	private static String tail(String output) {
		return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
	}

	private static Run run(Path directory, List<String> command) throws Exception {
		Path log = Files.createTempFile(work, "run", ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("did not finish in 3 minutes: " + command);
		}
		return new Run(process.exitValue(), Files.readString(log));
	}

	private record Run(int exitCode, String output) {
	}

}
