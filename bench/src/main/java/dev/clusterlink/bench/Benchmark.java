package dev.clusterlink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

import dev.clusterlink.stack.StackSettings.Database;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The benchmark: the machine's ceiling, mirror catch-up, steady-state latency and scale,
 * measured in one run against the same two brokers ({@code ./bench/run}). Every figure is
 * printed with its ratio to the ceiling of the same run, and written as JSON and as a
 * Markdown table to {@code bench/target}; {@code --record} also rewrites
 * {@code bench/RESULTS.md}.
 */
public final class Benchmark {

	private static final int PARTITIONS = 8;

	/**
	 * The phases; the scale phase compares the burst with the 1 KiB copy loop when that
	 * ran.
	 */
	private static final List<String> PHASES = List.of("catchup-1k", "catchup-100", "steady", "scale", "runbooks");

	private final Sizes sizes;

	private final List<Figure> figures = new ArrayList<>();

	/** Where JFR recordings of the worker go, or null without {@code --profile}. */
	private final Path profiles;

	/** The phases to run: all, or those named with {@code --only}. */
	private final Set<String> phases;

	private Benchmark(Sizes sizes, Path profiles, Set<String> phases) {
		this.sizes = sizes;
		this.profiles = profiles;
		this.phases = phases;
	}

	/**
	 * How much the run moves.
	 *
	 * @param largeRecords records of 1 KiB in the catch-up
	 * @param smallRecords records of 100 B in the catch-up
	 * @param steadyRate records per second in the steady state
	 * @param steadyMeasured how long the steady state is measured (after 10 s warm-up)
	 * @param scaleTopics topics of the scale phase (10 partitions each)
	 * @param burstPerPartition records per partition in the burst
	 * @param idle how long the idle CPU is measured
	 * @param rounds rounds of the catch-up phases (each figure is the best of them)
	 * @param runbookRecords records of each topic of the DR runbooks
	 */
	record Sizes(long largeRecords, long smallRecords, int steadyRate, Duration steadyMeasured, int scaleTopics,
			int burstPerPartition, Duration idle, int rounds, long runbookRecords) {

		static final Sizes FULL = new Sizes(2_000_000, 10_000_000, 5_000, Duration.ofSeconds(60), 200, 100,
				Duration.ofSeconds(30), 3, 1_000_000);

		static final Sizes SMALL = new Sizes(200_000, 1_000_000, 5_000, Duration.ofSeconds(20), 20, 100,
				Duration.ofSeconds(10), 1, 100_000);

	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(".").toAbsolutePath().normalize();
		Sizes sizes = Sizes.FULL;
		boolean record = false;
		boolean profile = false;
		Set<String> phases = new LinkedHashSet<>(PHASES);
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
				case "--small" -> sizes = Sizes.SMALL;
				case "--record" -> record = true;
				case "--profile" -> profile = true;
				case "--only" -> phases = new LinkedHashSet<>(List.of(args[++i].split(",")));
				default -> {
					System.err.println("usage: ./bench/run [--small] [--record] [--profile] [--only "
							+ String.join(",", PHASES) + "]");
					System.exit(2);
				}
			}
		}
		if (record && !phases.containsAll(PHASES)) {
			System.err.println("--record needs every phase");
			System.exit(2);
		}
		Benchmark benchmark = new Benchmark(sizes, profile ? root.resolve("bench").resolve("target") : null, phases);
		long started = System.nanoTime();
		Database database = freshDatabase();
		try (BenchStack stack = BenchStack.start(root, database)) {
			benchmark.run(stack);
		}
		finally {
			dropDatabase(database);
		}
		Map<String, Object> machine = machine();
		machine.put("durationSeconds", (System.nanoTime() - started) / 1_000_000_000L);
		benchmark.write(root, machine, record, (sizes == Sizes.SMALL) ? "./bench/run --small" : "./bench/run");
		System.exit(0);
	}

	private void run(BenchStack stack) {
		Throughput copyLoop1k = null;
		if (this.phases.contains("catchup-1k")) {
			copyLoop1k = catchUpPhase(stack, "1 KiB", 1024, this.sizes.largeRecords(), true);
		}
		if (this.phases.contains("catchup-100")) {
			catchUpPhase(stack, "100 B", 100, this.sizes.smallRecords(), false);
		}
		if (this.phases.contains("steady")) {
			steadyPhase(stack);
		}
		if (this.phases.contains("scale")) {
			scalePhase(stack, copyLoop1k);
		}
		if (this.phases.contains("runbooks")) {
			settle();
			Runbooks.run(stack, this.sizes.runbookRecords(), this::add);
		}
	}

	/**
	 * Preloads the source, then measures in rounds the three ceilings on the same records
	 * and a mirror of them; each figure is the best of its rounds (this machine's
	 * throughput varies from one minute to the next, and every side gets the same
	 * chances).
	 * @return the copy loop's throughput
	 */
	private Throughput catchUpPhase(BenchStack stack, String label, int size, long count, boolean targets) {
		Payloads payloads = new Payloads(size);
		String topic = "catchup-" + size;
		List<TopicPartition> partitions = Cluster.partitions(topic, PARTITIONS);
		say("%s: preloading %,d records into %s on the source", label, count, topic);
		stack.source().createTopics(List.of(topic), PARTITIONS);
		Ceiling.produce(stack.source().bootstrap(), topic, PARTITIONS, count, payloads);

		warmUp(stack, label, size, payloads);

		Round best = null;
		for (int round = 1; round <= this.sizes.rounds(); round++) {
			Round measured = round(stack, label, size, topic, partitions, count, payloads, round);
			best = (best == null) ? measured : best.best(measured);
		}
		stack.source().deleteTopics(List.of(topic));

		String ceiling = "ceiling " + label;
		Throughput producer = best.producer();
		Throughput copyLoop = best.copyLoop();
		add(Figure.of(ceiling, "producer → destination", producer.mibPerSecond(), "MiB/s"));
		add(Figure.of(ceiling, "producer → destination", producer.recordsPerSecond(), "records/s"));
		add(Figure.of(ceiling, "consumer ← source", best.consumer().mibPerSecond(), "MiB/s"));
		add(Figure.of(ceiling, "consumer ← source", best.consumer().recordsPerSecond(), "records/s"));
		add(Figure.against(ceiling, "copy loop source → destination", copyLoop.mibPerSecond(), "MiB/s", "producer",
				producer.mibPerSecond()));
		add(Figure.of(ceiling, "copy loop source → destination", copyLoop.recordsPerSecond(), "records/s"));
		add(Figure.against(ceiling, "copy loop, worker's JVM options", best.copyLoopWorkerJvm().mibPerSecond(), "MiB/s",
				"copy loop", copyLoop.mibPerSecond()));

		String phase = "catch-up " + label;
		CatchUp catchUp = best.catchUp();
		Figure vsCopy = Figure.against(phase, "mirror copy", catchUp.copy().mibPerSecond(), "MiB/s", "copy loop",
				copyLoop.mibPerSecond());
		Figure vsProducer = Figure.against(phase, "mirror copy", catchUp.copy().mibPerSecond(), "MiB/s", "producer",
				producer.mibPerSecond());
		if (targets) {
			vsCopy = vsCopy.withTarget("≥ 0.9× copy loop", vsCopy.ratio() >= 0.9);
			vsProducer = vsProducer.withTarget("≥ 0.8× producer", vsProducer.ratio() >= 0.8);
		}
		add(vsCopy);
		add(vsProducer);
		add(Figure.against(phase, "mirror copy", catchUp.copy().mibPerSecond(), "MiB/s",
				"copy loop, worker's JVM options", best.copyLoopWorkerJvm().mibPerSecond()));
		add(Figure.against(phase, "mirror copy", catchUp.copy().recordsPerSecond(), "records/s", "copy loop",
				copyLoop.recordsPerSecond()));
		add(Figure.against(phase, "creation → lag 0", catchUp.toLagZeroNanos() / 1e9, "s", "copy loop time",
				copyLoop.seconds()));
		add(Figure.against(phase, "worker CPU per record", best.workerCpuSeconds() * 1e6 / count, "µs",
				"copy loop process", best.copyLoopCpuSeconds() * 1e6 / count));
		return copyLoop;
	}

	/** One round of the catch-up phase: producer, consumer, copy loop, mirror. */
	private Round round(BenchStack stack, String label, int size, String topic, List<TopicPartition> partitions,
			long count, Payloads payloads, int round) {
		String suffix = "-" + size + "-" + round;
		settle();
		say("%s round %d: ceiling: producer to the destination", label, round);
		String produced = "ceiling-produce" + suffix;
		stack.destination().createTopics(List.of(produced), PARTITIONS);
		Throughput producer = Ceiling.produce(stack.destination().bootstrap(), produced, PARTITIONS, count, payloads);
		stack.destination().deleteTopics(List.of(produced));
		settle();
		say("%s round %d: ceiling: consumer of the source", label, round);
		Throughput consumer = Ceiling.consume(stack.source().bootstrap(), partitions, count);
		settle();
		say("%s round %d: ceiling: consumer→producer copy loop", label, round);
		String copied = "ceiling-copy" + suffix;
		stack.destination().createTopics(List.of(copied), PARTITIONS);
		WorkerProcess self = new WorkerProcess(ProcessHandle.current().pid(), null);
		double selfBefore = self.cpuSeconds();
		Throughput copyLoop = Ceiling.copyLoop(stack.source().bootstrap(), partitions, count,
				stack.destination().bootstrap(), copied);
		double copyLoopCpu = self.cpuSeconds() - selfBefore;
		stack.destination().deleteTopics(List.of(copied));
		settle();
		say("%s round %d: ceiling: copy loop with the worker's JVM options", label, round);
		Throughput sameHeap = CopyLoopProcess
			.run(stack.source(), partitions, count, stack.destination(), "ceiling-copy-worker-jvm" + suffix)
			.throughput();

		settle();
		String mirror = "mirror" + suffix;
		say("%s round %d: catch-up: mirroring %s as %s from the earliest offset", label, round, topic, mirror);
		startProfile(stack, "catchup" + suffix);
		WorkerProcess worker = new WorkerProcess(stack.workerPid(), stack.workerUrl());
		double workerBefore = worker.cpuSeconds();
		CatchUp catchUp = CatchUp.measure(stack, topic, mirror, PARTITIONS, count, count * payloads.recordBytes(),
				Duration.ofMinutes(20));
		double workerCpu = worker.cpuSeconds() - workerBefore;
		stopProfile(stack, "catchup" + suffix);
		stack.deleteMirror(mirror);
		say("%s round %d: producer %.0f MiB/s, consumer %.0f MiB/s, copy loop %.0f MiB/s (worker's JVM options: "
				+ "%.0f MiB/s), mirror %.0f MiB/s", label, round, producer.mibPerSecond(), consumer.mibPerSecond(),
				copyLoop.mibPerSecond(), sameHeap.mibPerSecond(), catchUp.copy().mibPerSecond());
		return new Round(producer, consumer, copyLoop, copyLoopCpu, sameHeap, catchUp, workerCpu);
	}

	/**
	 * What one round of the catch-up phase measured.
	 *
	 * @param producer the producer ceiling
	 * @param consumer the consumer ceiling
	 * @param copyLoop the copy loop ceiling (in the benchmark's JVM)
	 * @param copyLoopCpuSeconds CPU the benchmark process used for the copy loop
	 * @param copyLoopWorkerJvm the copy loop in a JVM with the worker's heap and
	 * collector
	 * @param catchUp the mirror
	 * @param workerCpuSeconds CPU the worker used for the mirror
	 */
	record Round(Throughput producer, Throughput consumer, Throughput copyLoop, double copyLoopCpuSeconds,
			Throughput copyLoopWorkerJvm, CatchUp catchUp, double workerCpuSeconds) {

		/** The best of two rounds, figure by figure. */
		Round best(Round other) {
			boolean copyLoopHere = this.copyLoop.mibPerSecond() >= other.copyLoop.mibPerSecond();
			boolean mirrorHere = this.catchUp.copy().mibPerSecond() >= other.catchUp.copy().mibPerSecond();
			return new Round(faster(this.producer, other.producer), faster(this.consumer, other.consumer),
					copyLoopHere ? this.copyLoop : other.copyLoop,
					copyLoopHere ? this.copyLoopCpuSeconds : other.copyLoopCpuSeconds,
					faster(this.copyLoopWorkerJvm, other.copyLoopWorkerJvm), mirrorHere ? this.catchUp : other.catchUp,
					mirrorHere ? this.workerCpuSeconds : other.workerCpuSeconds);
		}

		private static Throughput faster(Throughput a, Throughput b) {
			return (a.mibPerSecond() >= b.mibPerSecond()) ? a : b;
		}

	}

	/**
	 * Runs the worker's copy path (and the benchmark's clients) on a smaller topic first,
	 * so that the measurements compare warm code on both sides.
	 */
	private void warmUp(BenchStack stack, String label, int size, Payloads payloads) {
		String topic = "warmup-" + size;
		long count = Math.max(100_000, (size >= 1024 ? this.sizes.largeRecords() : this.sizes.smallRecords()) / 10);
		say("%s: warming up the worker and the clients with %,d records", label, count);
		stack.source().createTopics(List.of(topic), PARTITIONS);
		Ceiling.produce(stack.source().bootstrap(), topic, PARTITIONS, count, payloads);
		CatchUp.measure(stack, topic, topic, PARTITIONS, count, count * payloads.recordBytes(), Duration.ofMinutes(10));
		stack.deleteMirror(topic);
		stack.source().deleteTopics(List.of(topic));
	}

	/**
	 * Lets the machine settle before a timed measurement: dirty pages written back (the
	 * kernel would otherwise throttle whichever measurement comes after a large write),
	 * then a short pause.
	 */
	private static void settle() {
		try {
			new ProcessBuilder("sync").inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			// no sync: the pause alone
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		BenchStack.sleep(Duration.ofSeconds(3));
	}

	private void steadyPhase(BenchStack stack) {
		String topic = "steady";
		stack.source().createTopics(List.of(topic), PARTITIONS);
		stack.mirror(topic);
		while (stack.mirrorsIn("ACTIVE") < 1) {
			BenchStack.sleep(Duration.ofMillis(200));
		}
		say("steady state: %,d records/s of 1 KiB for %d s (after 10 s warm-up)", this.sizes.steadyRate(),
				this.sizes.steadyMeasured().toSeconds());
		SteadyState steady = SteadyState.measure(stack, topic, PARTITIONS, this.sizes.steadyRate(), new Payloads(1024),
				Duration.ofSeconds(10), this.sizes.steadyMeasured());
		String phase = "steady state";
		add(Figure.against(phase, "rate produced", steady.rate(), "records/s", "requested", this.sizes.steadyRate()));
		add(Figure.of(phase, "latency samples", steady.mirrored().count(), "records"));
		add(Figure.against(phase, "end-to-end latency p50", steady.mirrored().percentile(50), "ms", "direct p50",
				steady.direct().percentile(50)));
		Figure p99 = Figure.against(phase, "end-to-end latency p99", steady.mirrored().percentile(99), "ms",
				"direct p99", steady.direct().percentile(99));
		add(p99.withTarget("≤ 100 ms", p99.value() <= 100));
		add(Figure.against(phase, "end-to-end latency max", steady.mirrored().max(), "ms", "direct max",
				steady.direct().max()));
		stack.deleteMirror(topic);
		stack.source().deleteTopics(List.of(topic));
	}

	private void scalePhase(BenchStack stack, Throughput copyLoop) {
		say("scale: %d topics × 10 partitions on one worker", this.sizes.scaleTopics());
		Payloads payloads = new Payloads(1024);
		Scale scale = Scale.measure(stack, this.sizes.scaleTopics(), 10, this.sizes.burstPerPartition(), payloads,
				this.sizes.idle(), (phase) -> startProfile(stack, phase), (phase) -> stopProfile(stack, phase));
		WorkerProcess worker = new WorkerProcess(stack.workerPid(), stack.workerUrl());
		long live = worker.liveHeapBytes();
		String phase = "scale";
		double mib = 1024.0 * 1024.0;
		add(Figure.of(phase, "partitions on one worker", scale.partitions(), "partitions"));
		add(Figure.of(phase, "creation → all ACTIVE", scale.toAllActiveNanos() / 1e9, "s"));
		Figure limit = Figure.of(phase, "worker heap limit (-Xmx)", scale.heapMaxBytes() / mib, "MiB");
		add(limit.withTarget("≤ 512 MiB", limit.value() <= 512));
		add(Figure.against(phase, "worker heap in use, most seen", scale.heapUsedMaxBytes() / mib, "MiB", "limit",
				limit.value()));
		add(Figure.against(phase, "worker heap live after full GC", live / mib, "MiB", "limit", limit.value()));
		Figure idle = Figure.of(phase, "worker CPU when idle", scale.idleCpuCores() * 100, "% of a core");
		add(idle.withTarget("< 5%", idle.value() < 5));
		add(Figure.against(phase, "of it JIT compiler threads", scale.idleCompilerCpuCores() * 100, "% of a core",
				"worker CPU when idle", idle.value()));
		add(Figure.of(phase, "burst", scale.burst().records(), "records"));
		double seconds = scale.lagZeroAfterBurstNanos() / 1e9;
		// compared with the time the 1 KiB copy loop would take for the burst (when it
		// ran)
		Figure lagZero = (copyLoop != null)
				? Figure.against(phase, "burst end → lag 0", seconds, "s", "copy loop time for the burst",
						scale.burst().bytes() / mib / copyLoop.mibPerSecond())
				: Figure.of(phase, "burst end → lag 0", seconds, "s");
		add(lagZero.withTarget("≤ 30 s", lagZero.value() <= 30));
	}

	private void startProfile(BenchStack stack, String name) {
		if (this.profiles != null) {
			new WorkerProcess(stack.workerPid(), stack.workerUrl()).startRecording(name);
		}
	}

	private void stopProfile(BenchStack stack, String name) {
		if (this.profiles != null) {
			Path file = this.profiles.resolve("worker-" + name + ".jfr");
			new WorkerProcess(stack.workerPid(), stack.workerUrl()).stopRecording(name, file);
			say("profile of the worker: %s (jfr view hot-methods %s)", file, file);
		}
	}

	private void add(Figure figure) {
		this.figures.add(figure);
		System.out.printf("  %-14s %-34s %14s %-12s%s%n", figure.phase(), figure.name(), Report.number(figure.value()),
				figure.unit(),
				(figure.ratio() != null) ? String.format("  %.2f× %s", figure.ratio(), figure.ceilingName()) : "");
	}

	private void write(Path root, Map<String, Object> machine, boolean record, String command) throws IOException {
		Path target = root.resolve("bench").resolve("target");
		Files.createDirectories(target);
		String table = Report.markdown(this.figures);
		Files.writeString(target.resolve("bench-results.json"), Report.json(machine, this.figures));
		Files.writeString(target.resolve("bench-results.md"), table);
		System.out.println("\n" + table);
		System.out
			.println("written: " + target.resolve("bench-results.json") + ", " + target.resolve("bench-results.md"));
		if (record) {
			Path results = root.resolve("bench").resolve("RESULTS.md");
			Files.writeString(results, Results.document(results, machine, command, table));
			System.out.println("recorded: " + results);
		}
	}

	private static Map<String, Object> machine() throws IOException {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("date", LocalDate.now().toString());
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("memory", Results.memory());
		machine.put("cpu", Results.cpuModel());
		machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
		machine.put("kafka", AppInfoParser.getVersion());
		return machine;
	}

	private static Database freshDatabase() throws SQLException {
		String url = System.getenv()
			.getOrDefault("CLUSTERLINK_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/clusterlink_bench");
		Database database = new Database(url, System.getenv().getOrDefault("CLUSTERLINK_DB_USER", "postgres"),
				System.getenv().getOrDefault("CLUSTERLINK_DB_PASSWORD", ""));
		dropDatabase(database);
		return database;
	}

	/**
	 * Drops the benchmark's own database (named in the URL); the stack creates it again.
	 */
	private static void dropDatabase(Database database) throws SQLException {
		String name = database.url().substring(database.url().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("the benchmark database needs a plain name: " + name);
		}
		String server = database.url().substring(0, database.url().lastIndexOf('/')) + "/postgres";
		try (Connection connection = DriverManager.getConnection(server, database.user(), database.password());
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
		}
	}

	static void say(String format, Object... args) {
		System.out.printf("%tT " + format + "%n", prepend(new java.util.Date(), args));
	}

	private static Object[] prepend(Object first, Object[] rest) {
		Object[] all = new Object[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

}
