package dev.clusterlink.faults.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.scenario.FaultLab;
import dev.clusterlink.faults.scenario.MirrorUnderTest;
import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.stack.Postgres;
import dev.clusterlink.faults.traffic.AckedLoad;

/**
 * The seeded random soak: for a given time, a random mix of the suite's faults (a worker
 * killed, stopped or frozen past its lease, the destination or the source broker killed
 * or frozen, PostgreSQL stopped or its connections cut, a slow, resetting or stalled
 * network), each followed by a quiet period in which the load stops, the mirrors catch
 * up, and the oracle compares both clusters at every offset. It prints the seed, each
 * fault, each verdict, and the workers' heap, threads and file descriptors, which must
 * not grow.
 */
public final class Soak {

	static final String LINK = "soak";

	private final FaultLab lab;

	private final long seed;

	private final Random random;

	private final PrintStream out;

	private final List<MirrorUnderTest> mirrors = new ArrayList<>();

	private final List<ResourceSample> samples = new ArrayList<>();

	private int faults;

	private long recordsCompared;

	private Soak(FaultLab lab, long seed, PrintStream out) {
		this.lab = lab;
		this.seed = seed;
		this.random = new Random(seed);
		this.out = out;
	}

	/**
	 * Runs the soak on a started lab.
	 * @param lab the stack (with at least two workers)
	 * @param seed the seed of every random choice
	 * @param duration how long to inject faults (the last quiet period comes after)
	 * @param out where the log goes
	 * @return what happened
	 */
	public static Result run(FaultLab lab, long seed, Duration duration, PrintStream out) {
		return new Soak(lab, seed, out).run(duration);
	}

	private Result run(Duration duration) {
		this.out.printf("soak: seed %d, %d s of faults%n", this.seed, duration.toSeconds());
		this.lab.link(LINK, Map.of());
		this.mirrors.add(this.lab.mirror(LINK, "soak-" + this.seed + "-a", 6, Map.of()));
		this.mirrors.add(this.lab.mirror(LINK, "soak-" + this.seed + "-b", 3, Map.of()));
		this.mirrors.forEach((mirror) -> mirror.awaitState("ACTIVE", Duration.ofMinutes(2)));
		List<Verdict> verdicts = new ArrayList<>();
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline) {
			List<AckedLoad> loads = startLoads();
			pause(Duration.ofSeconds(3 + this.random.nextInt(5)));
			inject(Fault.values()[this.random.nextInt(Fault.values().length)]);
			pause(Duration.ofSeconds(3));
			verdicts.addAll(quiesceAndCheck(loads));
			this.samples.add(ResourceSample.of(workers()));
			this.out.println("soak:   " + this.samples.get(this.samples.size() - 1));
			if (verdicts.stream().anyMatch((verdict) -> !verdict.identical())) {
				break;
			}
		}
		Result result = new Result(this.seed, this.faults, this.recordsCompared, verdicts, List.copyOf(this.samples));
		this.out.println("soak: " + result.summary());
		return result;
	}

	private List<AckedLoad> startLoads() {
		List<AckedLoad> loads = new ArrayList<>();
		for (MirrorUnderTest mirror : this.mirrors) {
			loads.add(mirror.load(750, this.random.nextLong()));
		}
		return loads;
	}

	private List<Verdict> quiesceAndCheck(List<AckedLoad> loads) {
		loads.forEach((load) -> load.stop(Duration.ofSeconds(60)));
		List<Verdict> verdicts = new ArrayList<>();
		for (int i = 0; i < this.mirrors.size(); i++) {
			MirrorUnderTest mirror = this.mirrors.get(i);
			mirror.awaitCaughtUp(Duration.ofMinutes(3));
			Verdict verdict = mirror.verify(loads.get(i));
			this.recordsCompared += verdict.recordsCompared();
			verdicts.add(verdict);
			this.out.printf("soak:   %s: %s (%d records compared, %d mismatches)%n", mirror.topic(),
					verdict.identical() ? "identical" : "DIFFERENT", verdict.recordsCompared(), verdict.mismatches());
			if (!verdict.identical()) {
				this.out.println(verdict.describe());
			}
		}
		loads.forEach(AckedLoad::close);
		return verdicts;
	}

	private void inject(Fault fault) {
		this.faults++;
		FaultStack stack = this.lab.stack();
		Duration hold = Duration.ofSeconds(fault.minSeconds + this.random.nextInt(fault.spreadSeconds + 1));
		FaultStack.Node worker = aliveWorker();
		this.out.printf("soak: fault %d at %s: %s%s, held %d s%n", this.faults, Instant.now(), fault.description,
				fault.usesWorker ? " (" + worker.name() + ")" : "", hold.toSeconds());
		switch (fault) {
			case WORKER_KILLED -> {
				worker.kill();
				pause(hold);
				worker.start();
			}
			case WORKER_STOPPED -> {
				worker.stop();
				pause(hold);
				worker.start();
			}
			case WORKER_FROZEN -> {
				worker.freeze();
				pause(hold);
				worker.thaw();
			}
			case DESTINATION_KILLED -> {
				stack.destination().kill();
				pause(hold);
				stack.destination().start();
			}
			case DESTINATION_FROZEN -> {
				stack.destination().freeze();
				pause(hold);
				stack.destination().thaw();
			}
			case SOURCE_KILLED -> {
				stack.source().kill();
				pause(hold);
				stack.source().start();
			}
			case POSTGRES_STOPPED -> {
				Postgres.stopImmediately();
				try {
					pause(hold);
				}
				finally {
					Postgres.start();
				}
			}
			case POSTGRES_CONNECTIONS_CUT -> {
				for (int i = 0; i < 3; i++) {
					Postgres.terminateConnections(stack.database());
					pause(hold.dividedBy(3));
				}
			}
			case NETWORK_SLOW -> {
				stack.destination().proxy().latency(Duration.ofMillis(100)).bandwidth(300_000);
				stack.source().proxy().latency(Duration.ofMillis(100));
				pause(hold);
				stack.destination().proxy().heal();
				stack.source().proxy().heal();
			}
			case NETWORK_RESETS -> {
				for (int i = 0; i < 3; i++) {
					stack.destination().proxy().resetAll();
					stack.source().proxy().resetAll();
					pause(hold.dividedBy(3));
				}
			}
			case NETWORK_STALLED -> {
				stack.destination().proxy().blackhole(true);
				pause(hold);
				stack.destination().proxy().blackhole(false);
			}
		}
	}

	private FaultStack.Node aliveWorker() {
		List<FaultStack.Node> alive = workers();
		return alive.get(this.random.nextInt(alive.size()));
	}

	private List<FaultStack.Node> workers() {
		return this.lab.stack().workers().stream().filter(FaultStack.Node::isAlive).toList();
	}

	private static void pause(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

	/** The faults the soak mixes, each held for a random time in its range. */
	enum Fault {

		WORKER_KILLED("a worker killed (kill -9), started again", 2, 8, true),

		WORKER_STOPPED("a worker stopped (SIGTERM), started again", 2, 8, true),

		WORKER_FROZEN("a worker frozen (SIGSTOP) past its lease", 12, 10, true),

		DESTINATION_KILLED("the destination broker killed (kill -9), started again", 5, 20, false),

		DESTINATION_FROZEN("the destination broker frozen (SIGSTOP)", 10, 40, false),

		SOURCE_KILLED("the source broker killed (kill -9), started again", 5, 15, false),

		POSTGRES_STOPPED("PostgreSQL stopped (immediate)", 10, 30, false),

		POSTGRES_CONNECTIONS_CUT("PostgreSQL connections terminated three times", 6, 12, false),

		NETWORK_SLOW("a slow network to both clusters (100 ms, 300 kB/s)", 10, 20, false),

		NETWORK_RESETS("every network connection reset three times", 6, 9, false),

		NETWORK_STALLED("the network to the destination stalled", 5, 20, false);

		final String description;

		final int minSeconds;

		final int spreadSeconds;

		final boolean usesWorker;

		Fault(String description, int minSeconds, int spreadSeconds, boolean usesWorker) {
			this.description = description;
			this.minSeconds = minSeconds;
			this.spreadSeconds = spreadSeconds;
			this.usesWorker = usesWorker;
		}

	}

	/**
	 * What a soak did.
	 *
	 * @param seed the seed
	 * @param faults faults injected
	 * @param recordsCompared records compared at the same offsets, over every check
	 * @param verdicts every check's verdict
	 * @param samples the workers' resources after each quiet period
	 */
	public record Result(long seed, int faults, long recordsCompared, List<Verdict> verdicts,
			List<ResourceSample> samples) {

		public boolean identical() {
			return this.verdicts.stream().allMatch(Verdict::identical);
		}

		public long mismatches() {
			return this.verdicts.stream().mapToLong(Verdict::mismatches).sum();
		}

		/**
		 * Whether heap, threads or file descriptors grew from the second sample to the
		 * last.
		 */
		public List<String> growth() {
			if (this.samples.size() < 3) {
				return List.of();
			}
			return ResourceSample.growth(this.samples.get(1), this.samples.get(this.samples.size() - 1));
		}

		public String summary() {
			return "seed " + this.seed + ", " + this.faults + " faults, " + this.verdicts.size() + " checks, "
					+ this.recordsCompared + " records compared, " + mismatches() + " mismatches"
					+ (growth().isEmpty() ? ", no resource growth" : ", GROWTH: " + growth());
		}

	}

}
