package dev.clusterlink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.clusterlink.stack.LocalStack;
import org.apache.kafka.common.TopicPartition;

/**
 * The copy loop in a JVM of its own, started with the mirror worker's JVM options (heap
 * and collector): the loop with the worker's memory, beside the main ceiling (the loop in
 * the benchmark's own, larger JVM). It first copies a fifth of the records to a scratch
 * topic to warm up its JIT, as the worker is warmed up before it is measured.
 */
final class CopyLoopProcess {

	private CopyLoopProcess() {
	}

	/**
	 * Runs the copy loop in a child JVM.
	 * @return the loop's throughput and the CPU seconds the child used for it
	 */
	static Result run(Cluster source, List<TopicPartition> partitions, long count, Cluster destination,
			String destinationTopic) {
		String warmUpTopic = destinationTopic + "-warmup";
		destination.createTopics(List.of(destinationTopic, warmUpTopic), partitions.size());
		List<String> command = new ArrayList<>();
		String java = ProcessHandle.current().info().command().orElse("java");
		command.add(java);
		command.addAll(LocalStack.workerJvmOptions());
		command.add("-Dorg.apache.kafka.automatic.config.providers=none");
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), CopyLoopProcess.class.getName(),
				source.bootstrap(), partitions.get(0).topic(), Integer.toString(partitions.size()),
				Long.toString(count), destination.bootstrap(), destinationTopic, warmUpTopic));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String result;
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				result = out.lines().filter((line) -> line.startsWith("result ")).findFirst().orElse(null);
			}
			int exit = process.waitFor();
			if (exit != 0 || result == null) {
				throw new IllegalStateException("the copy loop process failed (exit " + exit + ")");
			}
			String[] fields = result.split(" ");
			return new Result(
					new Throughput(Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])),
					Double.parseDouble(fields[4]));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		finally {
			destination.deleteTopics(List.of(destinationTopic, warmUpTopic));
		}
	}

	/**
	 * The child: warm up, copy, print {@code result <records> <bytes> <nanos> <cpu>}.
	 * @param args source bootstrap, source topic, partitions, records, destination
	 * bootstrap, destination topic, warm-up topic
	 */
	public static void main(String[] args) {
		String sourceBootstrap = args[0];
		List<TopicPartition> partitions = Cluster.partitions(args[1], Integer.parseInt(args[2]));
		long count = Long.parseLong(args[3]);
		String destinationBootstrap = args[4];
		Ceiling.copyLoop(sourceBootstrap, partitions, count / 5, destinationBootstrap, args[6]);
		WorkerProcess self = new WorkerProcess(ProcessHandle.current().pid(), null);
		double before = self.cpuSeconds();
		Throughput copied = Ceiling.copyLoop(sourceBootstrap, partitions, count, destinationBootstrap, args[5]);
		double cpu = self.cpuSeconds() - before;
		System.out.println("result " + copied.records() + " " + copied.bytes() + " " + copied.nanos() + " " + cpu);
		System.exit(0);
	}

	/**
	 * What the copy loop process measured.
	 *
	 * @param throughput records and bytes copied, and how long it took
	 * @param cpuSeconds CPU the process used while copying
	 */
	record Result(Throughput throughput, double cpuSeconds) {
	}

}
