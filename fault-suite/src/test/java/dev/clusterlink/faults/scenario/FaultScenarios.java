package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.stack.Postgres;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every scenario of the fault suite (issue 10) shares: the stack, healing it after
 * each scenario, and the check at the end of one. A scenario mirrors a topic of its own
 * under a steady {@code acks=all} load, injects a fault into the real processes, heals
 * it, and then the destination must equal the source at every offset of every partition,
 * every acknowledged record must be there, and the mirror must be ACTIVE again (or in the
 * fail-closed state the fault must cause). A failure names the seed and the first
 * mismatching offsets.
 */
abstract class FaultScenarios {

	static final long SEED = Long.getLong("clusterlink.faults.seed", 20261201L);

	static final String LINK = SharedLab.LINK;

	/** The load of every scenario: the operator's steady stream of the issue. */
	static final int RATE = 1500;

	@RegisterExtension
	static final BeforeAllCallback SHARED = (context) -> shared = SharedLab.of(context);

	private static SharedLab shared;

	FaultLab lab;

	Instant started;

	@BeforeEach
	void begin(TestInfo test) {
		this.lab = shared.lab();
		this.started = Instant.now();
		System.out.println("fault-suite: " + test.getDisplayName() + " (seed " + SEED + ")");
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
		for (int i = 0; i < stack.workers().size(); i++) {
			FaultStack.Node worker = stack.workers().get(i);
			if (worker.isAlive()) {
				worker.thaw();
			}
			else if (i < 2) {
				worker.start();
			}
		}
		if (!stack.linkManager().isAlive()) {
			stack.linkManager().start();
		}
	}

	FaultStack stack() {
		return this.lab.stack();
	}

	/** A mirror of a new topic with six partitions, ACTIVE. */
	MirrorUnderTest activeMirror(String topic) {
		MirrorUnderTest mirror = this.lab.mirror(LINK, topic, 6, Map.of());
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		return mirror;
	}

	/**
	 * Stops the load, waits until the mirror is ACTIVE and caught up, and compares both
	 * clusters at every offset.
	 */
	Verdict finish(String scenario, int runs, MirrorUnderTest mirror, AckedLoad load) {
		if (load != null) {
			assertThat(load.stop(Duration.ofSeconds(60))).as("the load's records were all acknowledged or failed")
				.isTrue();
		}
		mirror.awaitCaughtUp(Duration.ofMinutes(3));
		Verdict verdict = mirror.verify(load);
		record(scenario, runs, verdict);
		assertThat(verdict.identical()).as("%s (seed %d): %s", scenario, SEED, verdict.describe()).isTrue();
		assertThat(verdict.mismatches()).isZero();
		assertThat(mirror.state()).isEqualTo("ACTIVE");
		return verdict;
	}

	void record(String scenario, int runs, Verdict verdict) {
		shared.ledger().record(scenario, runs, verdict, SEED, Duration.between(this.started, Instant.now()));
	}

	/** The worker that holds a mirror's lease now (waits while it moves). */
	FaultStack.Node owner(MirrorUnderTest mirror) {
		eventually().until(() -> !mirror.owner().isEmpty());
		return worker(mirror.owner());
	}

	FaultStack.Node worker(String name) {
		return stack().workers()
			.stream()
			.filter((worker) -> worker.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no worker " + name));
	}

	static ConditionFactory eventually() {
		return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
	}

	/**
	 * Lets time pass under load (a fault's duration, or load between faults): the
	 * scenario's timeline, not a wait for some state.
	 */
	static void pause(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

}
