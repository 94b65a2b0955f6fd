package dev.clusterlink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code bench/RESULTS.md}: the machine, the command and the table of the last run. */
final class Results {

	private static final String NOTES = "## Notes";

	private Results() {
	}

	/**
	 * The document for a run; a {@code ## Notes} section of the previous document is kept
	 * (the analysis a person wrote).
	 */
	static String document(Path previous, Map<String, Object> machine, String command, String table)
			throws IOException {
		String notes = "";
		if (Files.exists(previous)) {
			String old = Files.readString(previous);
			int at = old.indexOf(NOTES);
			if (at >= 0) {
				notes = "\n" + old.substring(at);
			}
		}
		return """
				# Benchmark results

				The last recorded run of the benchmark (see the README, "Benchmarks"). Every figure is measured \
				in the same run as the ceiling it is compared with, on the same machine.

				- date: %s
				- machine: %s cores, %s memory, %s
				- Java: %s; Kafka: %s (brokers and clients)
				- command: `%s` (took %s s)

				%s""".formatted(machine.get("date"), machine.get("cores"), machine.get("memory"), machine.get("cpu"),
				machine.get("java"), machine.get("kafka"), command, machine.get("durationSeconds"), table) + notes;
	}

	static String memory() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
			if (line.startsWith("MemTotal:")) {
				long kib = Long.parseLong(line.replaceAll("\\D", ""));
				return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
			}
		}
		return "unknown";
	}

	static String cpuModel() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "unknown CPU";
	}

}
