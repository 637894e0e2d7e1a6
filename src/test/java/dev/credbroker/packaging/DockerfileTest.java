package dev.credbroker.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the Dockerfile (there is no Docker engine in CI) and checks its essentials. */
class DockerfileTest {

	static final Pattern ARG = Pattern.compile("^ARG\\s+(\\w+)=(\\S+)$");
	static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?$", Pattern.CASE_INSENSITIVE);

	static List<String> instructions;
	static String text;

	@BeforeAll
	static void read() throws IOException {
		text = Files.readString(Path.of("Dockerfile"));
		// join continuation lines, drop comments and blanks
		instructions = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		for (String raw : text.split("\n")) {
			String line = raw.strip();
			if (line.startsWith("#") || (line.isEmpty() && cur.length() == 0)) {
				continue;
			}
			if (line.endsWith("\\")) {
				cur.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			cur.append(line);
			instructions.add(cur.toString().replaceAll("\\s+", " ").strip());
			cur.setLength(0);
		}
	}

	/** FROM images with ARG defaults substituted, in order. */
	static List<String> baseImages() {
		Map<String, String> args = new LinkedHashMap<>();
		List<String> images = new ArrayList<>();
		for (String i : instructions) {
			Matcher a = ARG.matcher(i);
			if (a.matches()) {
				args.put(a.group(1), a.group(2));
			}
			Matcher f = FROM.matcher(i);
			if (f.matches()) {
				String image = f.group(1);
				for (Map.Entry<String, String> e : args.entrySet()) {
					image = image.replace("${" + e.getKey() + "}", e.getValue());
				}
				images.add(image);
			}
		}
		return images;
	}

	/** Instructions after the last FROM (the runtime stage). */
	static List<String> runtimeStage() {
		int last = -1;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith("FROM ")) {
				last = i;
			}
		}
		return instructions.subList(last, instructions.size());
	}

	@Test
	void isMultiStageWithJdkBuildAndJreRuntime() {
		List<String> images = baseImages();
		assertThat(images).hasSizeGreaterThanOrEqualTo(2);
		assertThat(instructions).anyMatch(i -> i.matches("(?i)FROM \\S+ AS build"));
		assertThat(images.get(0)).startsWith("eclipse-temurin:17").contains("jdk");
		String runtime = images.get(images.size() - 1);
		assertThat(runtime)
			.matches("eclipse-temurin:17[^ ]*-jre[^ ]*|eclipse-temurin:17-jre|gcr\\.io/distroless/java17[^ ]*");
		assertThat(runtime).doesNotContain("jdk");
	}

	@Test
	void imagesArePinnedToNonLatestTags() {
		assertThat(baseImages()).allSatisfy(image -> {
			assertThat(image).as("no unresolved ARG").doesNotContain("${");
			String nameAndTag = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
			String lastSegment = nameAndTag.substring(nameAndTag.lastIndexOf('/') + 1);
			assertThat(lastSegment).as("%s has an explicit tag", image).contains(":");
			assertThat(lastSegment).as(image).doesNotEndWith(":latest");
		});
	}

	@Test
	void buildsWithWrapperCachingDependenciesBeforeSources() {
		int pom = indexOf("COPY mvnw pom.xml");
		int mvnDeps = indexOfMatch("RUN .*\\./mvnw .*dependency:.*");
		int src = indexOf("COPY src/");
		int pkg = indexOfMatch("RUN \\./mvnw -B -DskipTests package.*");
		assertThat(indexOf("COPY .mvn/")).isNotNegative().isLessThan(mvnDeps);
		assertThat(pom).isNotNegative().isLessThan(mvnDeps);
		assertThat(mvnDeps).isLessThan(src);
		assertThat(src).isLessThan(pkg);
		assertThat(instructions.get(pkg))
			.contains("-Djarmode=tools -jar app.jar extract --layers --destination extracted")
			.as("class-data sharing needs a class path of jars, not the launcher layout")
			.doesNotContain("--launcher");
	}

	@Test
	void copiesSpringBootLayersInOrder() {
		List<String> copies = runtimeStage().stream().filter(i -> i.startsWith("COPY --from=build")).toList();
		List<String> layers = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
		List<String> copied = new ArrayList<>();
		for (String c : copies) {
			Matcher m = Pattern.compile("/extracted/([a-z-]+)/").matcher(c);
			if (m.find()) {
				copied.add(m.group(1));
			}
		}
		assertThat(copied).containsExactlyElementsOf(layers);
	}

	@Test
	void runsAsFixedNonRootUid() {
		List<String> users = runtimeStage().stream().filter(i -> i.startsWith("USER ")).toList();
		assertThat(users).isNotEmpty();
		String user = users.get(users.size() - 1).substring("USER ".length());
		assertThat(user).as("numeric UID[:GID]").matches("\\d+(:\\d+)?");
		assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
		// the Helm chart runs the pod with the same UID
		assertThat(user.split(":")[0]).isIn("10001", "65532");
	}

	@Test
	void runtimeEssentials() {
		List<String> rt = runtimeStage();
		assertThat(rt).contains("WORKDIR /app", "VOLUME /app/data", "EXPOSE 8080");
		String entrypoint = rt.stream().filter(i -> i.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
		assertThat(entrypoint).as("exec form")
			.startsWith("ENTRYPOINT [\"java\"")
			.contains("\"-XX:MaxRAMPercentage=50\"", "\"-XX:+ExitOnOutOfMemoryError\"",
					"\"-XX:TrimNativeHeapInterval=5000\"")
			.as("the heap a burst grew can be given back in one collection")
			.contains("\"-Xms64m\"", "\"-XX:-ShrinkHeapInSteps\"")
			.as("the heap can be committed for a burst without a larger young generation being written through")
			.contains("\"-XX:MaxNewSize=32m\"")
			.contains("\"-XX:SharedArchiveFile=app.jsa\"")
			.endsWith("\"-jar\", \"app.jar\"]");
		if (baseImages().get(baseImages().size() - 1).startsWith("gcr.io/distroless")) {
			assertThat(rt).as("distroless has no tool to run a HEALTHCHECK")
				.noneMatch(i -> i.startsWith("HEALTHCHECK"));
		}
		assertThat(text).doesNotContainPattern("(?m)^ADD\\s+https?://");
	}

	/**
	 * The class-data-sharing training RUN of the runtime stage (exec form after its
	 * flags).
	 */
	static String trainingRun() {
		return runtimeStage().stream()
			.filter((i) -> i.startsWith("RUN ") && i.contains("-XX:ArchiveClassesAtExit=app.jsa"))
			.reduce((a, b) -> b)
			.orElseThrow();
	}

	/** The exec-form JSON array of a RUN, after any {@code --flag} options. */
	static String execFormOf(String run) {
		return run.substring(run.indexOf('['));
	}

	@Test
	void writesTheClassDataSharingArchiveAsRootWithATmpfsTmpBeforeDroppingRoot() {
		List<String> rt = runtimeStage();
		String run = trainingRun();
		int training = rt.indexOf(run);
		assertThat(run).as("a training RUN in exec form (distroless has no shell)")
			.matches("RUN (--\\S+ )*\\[\"java\".*\\]");
		assertThat(run).as("the training run goes as far as ready: the start-up warm-up's classes are archived too")
			.contains("\"--credbroker.exit-when-ready=true\"", "jdbc:h2:mem:")
			.doesNotContain("spring.context.exit")
			.as("a throwaway key: no generated master key in the image")
			.contains("--credbroker.master.key=");
		assertThat(run).as("Tomcat work folders, logs and the throwaway data dir vanish with a tmpfs /tmp")
			.startsWith("RUN --mount=type=tmpfs,target=/tmp ");
		assertThat(run.substring(run.indexOf('['))).as("the training data dir lies on that tmpfs")
			.contains("--credbroker.data-dir=/tmp/");

		// The nonroot base image runs as 65532: the stage must switch to root before it
		// creates /app (WORKDIR), copies the application and trains, then drop root.
		int root = indexIn(rt, "USER 0:0", "USER root", "USER 0");
		int workdir = rt.indexOf("WORKDIR /app");
		List<Integer> users = new ArrayList<>();
		for (int i = 0; i < rt.size(); i++) {
			if (rt.get(i).startsWith("USER ")) {
				users.add(i);
			}
		}
		assertThat(root).as("USER root before WORKDIR /app").isNotNegative().isLessThan(workdir);
		assertThat(users.get(0)).isEqualTo(root);
		int firstAppCopy = rt.stream()
			.filter((i) -> i.startsWith("COPY --from=build"))
			.map(rt::indexOf)
			.findFirst()
			.orElseThrow();
		assertThat(root).isLessThan(firstAppCopy);
		assertThat(training).as("the archive is written by root, read-only for the app")
			.isGreaterThan(root)
			.isLessThan(users.get(users.size() - 1));
		assertThat(rt.get(users.get(users.size() - 1))).isEqualTo("USER 65532:65532");
		assertThat(users).as("no other user switch in between").hasSize(2);
		// application files stay root-owned; only the data folder belongs to the app
		assertThat(rt).filteredOn((i) -> i.startsWith("COPY ") && i.contains("--chown"))
			.singleElement()
			.asString()
			.contains("--chown=65532:65532 /workspace/rootfs/ /app/");
	}

	static int indexIn(List<String> list, String... candidates) {
		for (int i = 0; i < list.size(); i++) {
			if (List.of(candidates).contains(list.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void runsOnAReadOnlyFilesystemWithATmpfsTmp() throws IOException {
		// nothing but /app/data and java.io.tmpdir (Tomcat's work folders) is written:
		// no log file (LoggingConfigurationTest loads the configuration itself)
		String logging = Files.readString(Path.of("src/main/resources/logback-spring.xml"));
		assertThat(logging).doesNotContain("logback/base.xml", "file-appender.xml", "FileAppender")
			.contains("logback/console-appender.xml");
		String entrypoint = runtimeStage().stream()
			.filter((i) -> i.startsWith("ENTRYPOINT "))
			.reduce((a, b) -> b)
			.orElseThrow();
		assertThat(entrypoint).contains("\"-Djava.io.tmpdir=/tmp\"");
		assertThat(runtimeStage()).contains("VOLUME /app/data");
	}

	@Test
	void dockerignoreKeepsContextSmallAndSecretFree() throws IOException {
		List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip).toList();
		assertThat(ignored).contains(".git", "target/", "data/", "node_modules/", "bench/out/");
		assertThat(ignored).doesNotContain("src", "src/", "pom.xml", "mvnw", ".mvn", ".mvn/");
	}

	static int indexOf(String prefix) {
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith(prefix)) {
				return i;
			}
		}
		return -1;
	}

	static int indexOfMatch(String regex) {
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).matches(regex)) {
				return i;
			}
		}
		return -1;
	}

}
