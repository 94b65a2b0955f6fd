package dev.clusterlink.faults.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.stack.Postgres;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite (issue 10): each scenario mirrors a topic of its own under a steady
 * {@code acks=all} load, injects one fault into the real processes, heals it, and then
 * checks that the destination equals the source at every offset of every partition and
 * that every acknowledged record is there, and that the mirror is ACTIVE again (or in the
 * fail-closed state the fault must cause). The scenarios share one stack; each leaves it
 * healthy for the next. A failure names the seed and the first mismatching offsets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosIT {

	static final long SEED = Long.getLong("clusterlink.faults.seed", 20261201L);

	static final String LINK = "faults";

	/** The load of every scenario: the operator's steady stream of the issue. */
	static final int RATE = 1500;

	private FaultLab lab;

	private Ledger ledger;

	@BeforeAll
	void startStack() {
		Path root = Path.of(System.getProperty("clusterlink.root", "..")).toAbsolutePath().normalize();
		this.lab = FaultLab.start(root, Path.of("target", "fault-stack").toAbsolutePath(), 2);
		this.lab.link(LINK, Map.of());
		this.ledger = new Ledger(Path.of("target", "fault-suite-results.md"));
		System.out.println("fault-suite: seed " + SEED);
	}

	@AfterAll
	void stopStack() {
		if (this.lab != null) {
			this.lab.close();
		}
	}

	/** Leaves the stack healthy for the next scenario, whatever this one did. */
	@AfterEach
	void heal() {
		FaultStack stack = this.lab.stack();
		Postgres.ensureRunning();
		for (FaultStack.Broker broker : new FaultStack.Broker[] { stack.source(), stack.destination() }) {
			broker.proxy().heal();
			if (broker.isAlive()) {
				broker.thaw();
			}
			else {
				broker.start();
			}
		}
		for (int i = 0; i < Math.min(2, stack.workers().size()); i++) {
			FaultStack.Node worker = stack.workers().get(i);
			if (worker.isAlive()) {
				worker.thaw();
			}
			else {
				worker.start();
			}
		}
		if (!stack.linkManager().isAlive()) {
			stack.linkManager().start();
		}
	}

	@Test
	@Order(1)
	void aWorkerKilledFiveTimesUnderLoadOnceBeforeItsFirstProgressWrite() {
		Instant started = Instant.now();
		Random random = new Random(SEED);
		MirrorUnderTest mirror = this.lab.mirror(LINK, "killed", 6, Map.of());
		// the first kill: as soon as a worker holds the lease, before any progress row
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !mirror.owner().isEmpty());
		FaultStack.Node first = worker(mirror.owner());
		first.kill();
		JsonNode atKill = mirror.json();
		assertThat(atKill.path("partitions")).as("killed before the first progress write: %s", atKill)
			.allSatisfy((partition) -> assertThat(partition.path("mirroredOffset").asLong(0)).isZero());
		try (AckedLoad load = mirror.load(RATE, SEED)) {
			first.start();
			for (int kill = 2; kill <= 5; kill++) {
				pause(Duration.ofMillis(3_000 + random.nextInt(7_000)));
				mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
				FaultStack.Node owner = worker(mirror.owner());
				owner.kill();
				pause(Duration.ofMillis(2_000 + random.nextInt(8_000)));
				owner.start();
			}
			finish("worker kill -9 under load (5 seeded moments, one before the first progress write)", 5, mirror, load,
					started);
		}
	}

	@Test
	@Order(2)
	void aWorkerStoppedGracefullyAndStartedAgain() {
		Instant started = Instant.now();
		MirrorUnderTest mirror = this.lab.mirror(LINK, "graceful", 6, Map.of());
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		try (AckedLoad load = mirror.load(RATE, SEED + 2)) {
			pause(Duration.ofSeconds(5));
			FaultStack.Node owner = worker(mirror.owner());
			long epoch = mirror.ownerEpoch();
			owner.stop();
			eventually().until(() -> !mirror.owner().isEmpty() && mirror.ownerEpoch() > epoch);
			owner.start();
			pause(Duration.ofSeconds(5));
			finish("worker stopped gracefully and started again", 1, mirror, load, started);
		}
	}

	@Test
	@Order(3)
	void theDestinationBrokerFrozenFor45Seconds() {
		destinationFrozen("frozen-45", Duration.ofSeconds(45));
	}

	private void destinationFrozen(String topic, Duration freeze) {
		Instant started = Instant.now();
		MirrorUnderTest mirror = this.lab.mirror(LINK, topic, 6, Map.of());
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		try (AckedLoad load = mirror.load(RATE, SEED + 3)) {
			pause(Duration.ofSeconds(5));
			this.lab.stack().destination().freeze();
			pause(freeze);
			this.lab.stack().destination().thaw();
			pause(Duration.ofSeconds(5));
			finish("destination broker frozen " + freeze.toSeconds() + " s", 1, mirror, load, started);
		}
	}

	// ---------------------------------------------------------------------------------

	/**
	 * Stops the load, waits until the mirror is ACTIVE and caught up, and compares both
	 * clusters at every offset.
	 */
	private void finish(String scenario, int runs, MirrorUnderTest mirror, AckedLoad load, Instant started) {
		assertThat(load.stop(Duration.ofSeconds(60))).as("the load's records were all acknowledged or failed").isTrue();
		mirror.awaitCaughtUp(Duration.ofMinutes(3));
		Verdict verdict = mirror.verify(load);
		this.ledger.record(scenario, runs, verdict, SEED, Duration.between(started, Instant.now()));
		assertThat(verdict.identical()).as("%s (seed %d): %s", scenario, SEED, verdict.describe()).isTrue();
		assertThat(verdict.mismatches()).isZero();
		assertThat(mirror.state()).isEqualTo("ACTIVE");
	}

	private FaultStack.Node worker(String name) {
		return this.lab.stack()
			.workers()
			.stream()
			.filter((worker) -> worker.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no worker " + name));
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
	}

	/**
	 * Lets time pass under load (a fault's duration, or load between faults): the
	 * scenario's timeline, not a wait for some state.
	 */
	private static void pause(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

}
