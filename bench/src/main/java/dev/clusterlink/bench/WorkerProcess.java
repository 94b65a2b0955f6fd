package dev.clusterlink.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operating system and the worker's metrics say about the mirror worker process:
 * CPU time (Linux {@code /proc/<pid>/stat}) and heap in use (Actuator's Prometheus
 * endpoint).
 */
final class WorkerProcess {

	/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
	private static final double TICKS_PER_SECOND = 100.0;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final long pid;

	private final String url;

	WorkerProcess(long pid, String url) {
		this.pid = pid;
		this.url = url;
	}

	/** CPU seconds the process has used (user + system). */
	double cpuSeconds() {
		return cpuSecondsOf(Path.of("/proc", Long.toString(this.pid), "stat"));
	}

	/**
	 * CPU seconds the JVM's JIT compiler threads have used ({@code C1/C2 CompilerThread}
	 * in {@code /proc/<pid>/task/<tid>/comm}).
	 */
	double compilerCpuSeconds() {
		double seconds = 0;
		try (var tasks = Files.list(Path.of("/proc", Long.toString(this.pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
						seconds += cpuSecondsOf(task.resolve("stat"));
					}
				}
				catch (UncheckedIOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return seconds;
	}

	private static double cpuSecondsOf(Path stat) {
		try {
			String line = Files.readString(stat);
			// the command name (field 2) may contain spaces: count fields after its ')'
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			long utime = Long.parseLong(fields[11]);
			long stime = Long.parseLong(fields[12]);
			return (utime + stime) / TICKS_PER_SECOND;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The average CPU use over a period, in cores (1.0 = one core busy).
	 * @param period how long to measure
	 * @return what the process and its JIT compiler threads used
	 */
	CpuUse cpuCoresOver(Duration period) {
		double before = cpuSeconds();
		double compilerBefore = compilerCpuSeconds();
		long start = System.nanoTime();
		BenchStack.sleep(period);
		double seconds = (System.nanoTime() - start) / 1e9;
		return new CpuUse((cpuSeconds() - before) / seconds, (compilerCpuSeconds() - compilerBefore) / seconds);
	}

	/**
	 * CPU use over a period, in cores.
	 *
	 * @param cores the whole process
	 * @param compilerCores its JIT compiler threads (part of {@code cores})
	 */
	record CpuUse(double cores, double compilerCores) {
	}

	/** Heap in use, bytes: the sum of the heap pools. */
	long heapUsedBytes() {
		return (long) sumOf("jvm_memory_used_bytes", "area=\"heap\"");
	}

	/** Starts a JFR recording (profiling settings) of the worker. */
	void startRecording(String name) {
		jcmd("JFR.start", "name=" + name, "settings=profile");
	}

	/** Stops a recording and writes it to a file. */
	void stopRecording(String name, Path file) {
		jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
	}

	/**
	 * Heap in use right after a full collection ({@code jcmd <pid> GC.run}): what the
	 * worker's live objects take.
	 */
	long liveHeapBytes() {
		jcmd("GC.run");
		return heapUsedBytes();
	}

	private void jcmd(String... command) {
		String javaCommand = ProcessHandle.current().info().command().orElse("java");
		List<String> line = new ArrayList<>();
		line.add(Path.of(javaCommand).resolveSibling("jcmd").toString());
		line.add(Long.toString(this.pid));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", line) + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** The most heap the JVM may use, bytes. */
	long heapMaxBytes() {
		return (long) sumOf("jvm_memory_max_bytes", "area=\"heap\"");
	}

	private double sumOf(String metric, String label) {
		String text = prometheus();
		double sum = 0;
		for (String line : text.split("\n")) {
			if (line.startsWith(metric + "{") && line.contains(label)) {
				double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				if (value > 0) {
					sum += value;
				}
			}
		}
		return sum;
	}

	private String prometheus() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build();
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
