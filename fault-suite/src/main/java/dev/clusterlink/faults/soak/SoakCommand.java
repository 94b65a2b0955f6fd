package dev.clusterlink.faults.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import dev.clusterlink.faults.scenario.FaultLab;

/**
 * {@code ./fault-suite/soak [--seed N] [--duration 30m] [--workers 3]}: starts the suite
 * as processes under {@code fault-suite/target/soak-stack} and runs the seeded random
 * soak against it. Exits 0 when every check found both clusters identical and no resource
 * grew, 1 otherwise; the seed printed first reproduces the run.
 */
public final class SoakCommand {

	private SoakCommand() {
	}

	public static void main(String[] args) {
		Path root = Path.of(".").toAbsolutePath().normalize();
		long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		Duration duration = Duration.ofMinutes(30);
		int workers = 3;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--duration" -> duration = duration(args[++i]);
				case "--workers" -> workers = Integer.parseInt(args[++i]);
				default -> {
					System.err.println("usage: ./fault-suite/soak [--seed N] [--duration 30m|1h|90s] [--workers 3]");
					System.exit(2);
				}
			}
		}
		System.out.println("soak: seed " + seed + " (rerun with --seed " + seed + ")");
		Soak.Result result;
		try (FaultLab lab = FaultLab.start(root, root.resolve("fault-suite/target/soak-stack"), workers)) {
			result = Soak.run(lab, seed, duration, System.out);
		}
		boolean passed = result.identical() && result.growth().isEmpty();
		System.out.println(passed ? "soak: PASSED" : "soak: FAILED (seed " + seed + ")");
		System.exit(passed ? 0 : 1);
	}

	private static Duration duration(String text) {
		try {
			return Duration.parse("PT" + text.toUpperCase());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("--duration: " + text + " (e.g. 30m, 1h, 90s)", ex);
		}
	}

}
