package dev.credbroker.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format, parsed into samples, so tests compare values
 * instead of searching strings. Comments ({@code # HELP}, {@code # TYPE}) are skipped.
 */
public final class PrometheusText {

	private static final Pattern SAMPLE = Pattern
		.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** One sample: metric name, labels, value. */
	public record Sample(String name, Map<String, String> labels, double value) {

		boolean matches(String metric, Map<String, String> wanted) {
			return this.name.equals(metric) && this.labels.entrySet().containsAll(wanted.entrySet());
		}

	}

	private final List<Sample> samples;

	private PrometheusText(List<Sample> samples) {
		this.samples = List.copyOf(samples);
	}

	public static PrometheusText parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.strip());
			if (!sample.matches()) {
				throw new IllegalArgumentException("not a Prometheus sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
		}
		return new PrometheusText(samples);
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/**
	 * Samples of {@code metric} whose labels include {@code labels} ("k1", "v1", "k2",
	 * "v2"...).
	 */
	public List<Sample> find(String metric, String... labels) {
		Map<String, String> wanted = labelMap(labels);
		return this.samples.stream().filter((sample) -> sample.matches(metric, wanted)).toList();
	}

	/**
	 * The value of the single sample of {@code metric} with these labels; fails when none
	 * or several match.
	 */
	public double value(String metric, String... labels) {
		List<Sample> found = find(metric, labels);
		if (found.size() != 1) {
			throw new AssertionError("expected one sample " + metric + labelMap(labels) + ", found " + found);
		}
		return found.get(0).value();
	}

	/** Whether any sample of {@code metric} with these labels exists. */
	public boolean has(String metric, String... labels) {
		return !find(metric, labels).isEmpty();
	}

	private static Map<String, String> labelMap(String... labels) {
		if (labels.length % 2 != 0) {
			throw new IllegalArgumentException("labels come in name, value pairs");
		}
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < labels.length; i += 2) {
			map.put(labels[i], labels[i + 1]);
		}
		return map;
	}

}
