package dev.clusterlink.faults.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.clusterlink.faults.stack.FaultStack;

/**
 * The mirror workers' resources after a quiet period, the largest of all live workers:
 * heap used after a full collection ({@code jcmd <pid> GC.run}, then the worker's
 * {@code jvm_memory_used_bytes{area="heap"}}), threads and open file descriptors (from
 * {@code /proc}).
 *
 * @param heapBytes heap used after a collection
 * @param threads threads
 * @param fileDescriptors open file descriptors
 */
public record ResourceSample(long heapBytes, long threads, long fileDescriptors) {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	static ResourceSample of(List<FaultStack.Node> workers) {
		long heap = 0;
		long threads = 0;
		long descriptors = 0;
		for (FaultStack.Node worker : workers) {
			long pid = worker.process().pid();
			collect(pid);
			heap = Math.max(heap, heap(worker));
			threads = Math.max(threads, threads(pid));
			descriptors = Math.max(descriptors, descriptors(pid));
		}
		return new ResourceSample(heap, threads, descriptors);
	}

	/** What grew from one sample to a later one beyond noise. */
	static List<String> growth(ResourceSample first, ResourceSample last) {
		List<String> grown = new ArrayList<>();
		if (last.heapBytes > first.heapBytes * 3 / 2 + 96L * 1024 * 1024) {
			grown.add("heap " + first.heapBytes / 1048576 + " MB -> " + last.heapBytes / 1048576 + " MB");
		}
		if (last.threads > first.threads + 15) {
			grown.add("threads " + first.threads + " -> " + last.threads);
		}
		if (last.fileDescriptors > first.fileDescriptors + 40) {
			grown.add("file descriptors " + first.fileDescriptors + " -> " + last.fileDescriptors);
		}
		return grown;
	}

	@Override
	public String toString() {
		return "workers (largest): heap " + this.heapBytes / 1048576 + " MB after GC, " + this.threads + " threads, "
				+ this.fileDescriptors + " file descriptors";
	}

	private static void collect(long pid) {
		String java = ProcessHandle.current().info().command().orElse("java");
		Path jcmd = Path.of(java).resolveSibling("jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			// no jcmd: the heap sample is taken without a collection
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long heap(FaultStack.Node worker) {
		try {
			String text = HTTP
				.send(HttpRequest.newBuilder(URI.create(worker.url() + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return (long) text.lines()
				.filter((line) -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static long threads(long pid) {
		try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
			return lines.filter((line) -> line.startsWith("Threads:"))
				.mapToLong((line) -> Long.parseLong(line.substring("Threads:".length()).trim()))
				.findFirst()
				.orElse(0);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static long descriptors(long pid) {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return fds.count();
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
