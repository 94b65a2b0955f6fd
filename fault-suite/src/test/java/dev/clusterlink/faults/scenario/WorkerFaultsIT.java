package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mirror workers killed, stopped, frozen past their lease, added and removed. */
class WorkerFaultsIT extends FaultScenarios {

	@Test
	void aWorkerKilledFiveTimesUnderLoadOnceBeforeItsFirstProgressWrite() {
		Random random = new Random(SEED);
		FaultLab.createTopic(stack().source().bootstrap(), "killed", 6, Map.of());
		try (AckedLoad backlog = AckedLoad.start(stack().source().bootstrap(), "killed", 6, 20_000, 200, SEED)) {
			pause(Duration.ofSeconds(2)); // a backlog for the first owner to start on
			backlog.stop(Duration.ofSeconds(30));
		}
		this.lab.rest().post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", "killed")).expect(201);
		MirrorUnderTest mirror = new MirrorUnderTest(this.lab, LINK, "killed", 6);
		// the first kill: as soon as a worker holds the lease, before any progress row
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
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
				FaultStack.Node owner = owner(mirror);
				owner.kill();
				pause(Duration.ofMillis(2_000 + random.nextInt(8_000)));
				owner.start();
			}
			finish("worker kill -9 under load (5 seeded moments, one before the first progress write)", 5, mirror,
					load);
		}
	}

	@Test
	void aWorkerStoppedGracefullyAndStartedAgain() {
		MirrorUnderTest mirror = activeMirror("graceful");
		try (AckedLoad load = mirror.load(RATE, SEED + 2)) {
			pause(Duration.ofSeconds(5));
			FaultStack.Node owner = owner(mirror);
			long epoch = mirror.ownerEpoch();
			owner.stop();
			eventually().until(() -> !mirror.owner().isEmpty() && mirror.ownerEpoch() > epoch);
			owner.start();
			pause(Duration.ofSeconds(5));
			finish("worker stopped gracefully and started again", 1, mirror, load);
		}
	}

	/**
	 * The zombie: the owner frozen at a seeded moment of a catch-up (the backlog that
	 * built up while the previous owner was frozen), until another worker holds the lease
	 * and writes; then it runs again and must write nothing more: the oracle finds no
	 * record out of place, and the mirror never halts.
	 */
	@Test
	void aWorkerFrozenPastItsLeaseMidCatchUpTenTimes() {
		Random random = new Random(SEED + 4);
		FaultStack.Node third = stack().addWorker();
		MirrorUnderTest mirror = activeMirror("zombie");
		try (AckedLoad load = mirror.load(10_000, SEED + 4)) {
			pause(Duration.ofSeconds(3));
			for (int run = 1; run <= 10; run++) {
				pause(Duration.ofMillis(random.nextInt(2_500))); // the seeded moment
				FaultStack.Node owner = owner(mirror);
				long epoch = mirror.ownerEpoch();
				owner.freeze();
				eventually().until(() -> !mirror.owner().isEmpty() && mirror.ownerEpoch() > epoch
						&& !mirror.owner().equals(owner.name()));
				pause(Duration.ofSeconds(2)); // the new owner writes
				owner.thaw();
				assertThat(mirror.state()).as("run %d", run).isIn("ACTIVE", "PENDING");
			}
			finish("worker frozen past its lease mid-catch-up (10 seeded moments)", 10, mirror, load);
		}
		finally {
			third.stop();
		}
	}

	@Test
	void threeWorkersWithOneAddedOrRemovedEvery30Seconds() {
		MirrorUnderTest[] mirrors = { activeMirror("churn-a"), activeMirror("churn-b"), activeMirror("churn-c") };
		AckedLoad[] loads = new AckedLoad[mirrors.length];
		for (int i = 0; i < mirrors.length; i++) {
			loads[i] = mirrors[i].load(RATE / 3, SEED + 10 + i);
		}
		try {
			FaultStack.Node third = stack().addWorker();
			pause(Duration.ofSeconds(30));
			stack().workers().get(0).stop();
			pause(Duration.ofSeconds(30));
			stack().workers().get(0).start();
			pause(Duration.ofSeconds(30));
			third.stop();
			pause(Duration.ofSeconds(30));
			for (int i = 0; i < mirrors.length; i++) {
				finish("three workers, one added or removed every 30 s (mirror " + (i + 1) + " of 3)", 4, mirrors[i],
						loads[i]);
			}
		}
		finally {
			for (AckedLoad load : loads) {
				load.close();
			}
		}
	}

}
