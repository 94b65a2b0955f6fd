package dev.clusterlink.faults.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import dev.clusterlink.faults.oracle.Verdict;

/**
 * What the suite measured, one line per scenario: runs, records compared at the same
 * offsets, mismatches, and how long it took; appended to a Markdown table the closing
 * note of a run quotes ({@code fault-suite/target/fault-suite-results.md}).
 */
public final class Ledger {

	private final Path file;

	public Ledger(Path file) {
		this.file = file;
		try {
			Files.createDirectories(file.getParent());
			if (!Files.exists(file)) {
				Files.writeString(file, "| scenario | runs | records compared | mismatches | seed | seconds |\n"
						+ "|---|---|---|---|---|---|\n");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Records one scenario's outcome (and prints it). */
	public synchronized void record(String scenario, int runs, Verdict verdict, long seed, Duration took) {
		String line = "| " + scenario + " | " + runs + " | " + verdict.recordsCompared() + " | " + verdict.mismatches()
				+ " | " + seed + " | " + took.toSeconds() + " |\n";
		System.out.print("fault-suite: " + line);
		try {
			Files.writeString(this.file, line, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
