package dev.credbroker.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.credbroker.testsupport.FreePorts;

/**
 * The README's "Try it without AWS" walkthrough, run as a newcomer would: the shell block
 * read from {@code README.md} word for word, in an empty directory next to the built jar,
 * with only its two ports moved to free ones (5000 and 8080 may be taken here). It starts
 * moto and the broker jar, registers a source and a workload through the admin API, and
 * the AWS CLI, given nothing but the workload's variables, gets the role's identity. A
 * README edit that breaks a step fails here.
 */
class ReadmeWalkthroughIT {

	private static final String FIRST_LINE = "# 1. An emulated AWS account";

	@Test
	void theTryItWithoutAwsBlockRunsAsWritten(@TempDir Path dir) throws Exception {
		int motoPort = FreePorts.pick();
		int brokerPort = FreePorts.pick();
		String block = tryItBlock().replace("-p 5000", "-p " + motoPort)
			.replace("127.0.0.1:5000", "127.0.0.1:" + motoPort)
			.replace("127.0.0.1:8080", "127.0.0.1:" + brokerPort);
		// What the reader's shell provides: the broker on the moved port, the
		// repository's
		// target/, a HOME with no AWS profile; moto and the broker stop with the script.
		String script = String.join("\n", "set -e", "export SERVER_PORT=" + brokerPort,
				"trap 'kill $(jobs -p) 2>/dev/null || true' EXIT", block);
		Files.writeString(dir.resolve("walkthrough.sh"), script);
		Files.createSymbolicLink(dir.resolve("target"), Path.of("target").toAbsolutePath());
		Path log = Path.of("target", "readme-walkthrough.log").toAbsolutePath();

		ProcessBuilder builder = new ProcessBuilder("bash", "walkthrough.sh").directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("HOME", dir.toString());
		Process bash = builder.start();
		boolean ended = bash.waitFor(4, TimeUnit.MINUTES);
		if (!ended) {
			bash.descendants().forEach(ProcessHandle::destroyForcibly);
			bash.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		String brokerLog = read(dir.resolve("broker.log"));

		assertThat(ended).as("the walkthrough ended within 4 minutes:%n%s", output).isTrue();
		assertThat(bash.exitValue()).as("exit status; output:%n%s%nbroker.log (end):%n%s", output, tail(brokerLog))
			.isZero();
		assertThat(output).as("the source was created, then the CLI got the role's identity through the broker")
			.contains("201")
			.contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/demo/credbroker-demo\"");
		assertThat(brokerLog).contains("Credential Broker ready");
		assertThat(brokerLog)
			.as("started with the README's flags (-XX:MaxNewSize), the heap is committed for the first burst")
			.contains("room up to its cap committed, untouched, for the first burst");
	}

	private static String tryItBlock() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int start = lines.indexOf(lines.stream().filter((l) -> l.startsWith(FIRST_LINE)).findFirst().orElseThrow());
		int end = start;
		while (!lines.get(end).startsWith("```")) {
			end++;
		}
		return String.join("\n", lines.subList(start, end)) + "\n";
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file) : "(none)";
	}

	private static String tail(String text) {
		return text.substring(Math.max(0, text.length() - 4000));
	}

}
