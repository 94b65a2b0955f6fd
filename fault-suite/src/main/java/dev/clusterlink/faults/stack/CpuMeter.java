package dev.clusterlink.faults.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU a process used over a stretch of time, as a share of one core, from
 * {@code /proc/<pid>/stat} (user and system time, in clock ticks of 1/100 s).
 */
public final class CpuMeter {

	private static final double TICKS_PER_SECOND = 100.0;

	private final long pid;

	private final long startTicks;

	private final long startNanos;

	private CpuMeter(long pid) {
		this.pid = pid;
		this.startTicks = ticks(pid);
		this.startNanos = System.nanoTime();
	}

	/** Starts measuring a process. */
	public static CpuMeter of(long pid) {
		return new CpuMeter(pid);
	}

	/** The share of one core the process used since the start (0.05 = 5 %). */
	public double coreShare() {
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		return (ticks(this.pid) - this.startTicks) / TICKS_PER_SECOND / seconds;
	}

	private static long ticks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name (field 2) may hold spaces: count fields after its ')'
			List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
			return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12)); // utime,
																					// stime
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + ex.getMessage(), ex);
		}
	}

}
