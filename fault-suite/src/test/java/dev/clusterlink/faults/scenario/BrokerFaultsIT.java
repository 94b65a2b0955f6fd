package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.faults.stack.CpuMeter;
import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source or the destination broker killed and restarted, or frozen past every client
 * timeout: the mirror waits, resumes by itself, and no record lands at a wrong offset
 * (the destination frozen 40 s once left records at wrong offsets and stopped a whole
 * link).
 */
class BrokerFaultsIT extends FaultScenarios {

	@Test
	void theSourceBrokerKilledAndRestarted() {
		MirrorUnderTest mirror = activeMirror("source-killed");
		AckedLoad load = mirror.load(RATE, SEED + 20);
		try {
			pause(Duration.ofSeconds(5));
			load.stop(Duration.ofSeconds(30)); // the source goes away: nothing more to
												// write
			mirror.awaitCaughtUp(Duration.ofMinutes(2));
			// what the workers cost with the source up and nothing to copy (status,
			// leases,
			// the mirrors of earlier scenarios): the down link's cost is measured above
			// it
			List<Long> workers = stack().workers()
				.stream()
				.filter(FaultStack.Node::isAlive)
				.map((worker) -> worker.process().pid())
				.toList();
			Map<Long, CpuMeter> idle = new HashMap<>();
			workers.forEach((pid) -> idle.put(pid, CpuMeter.of(pid)));
			pause(Duration.ofSeconds(10));
			Map<Long, Double> baseline = new HashMap<>();
			idle.forEach((pid, meter) -> baseline.put(pid, meter.coreShare()));
			stack().source().kill();
			mirror.awaitState("SOURCE_UNAVAILABLE", Duration.ofMinutes(1));
			Map<Long, CpuMeter> down = new HashMap<>();
			workers.forEach((pid) -> down.put(pid, CpuMeter.of(pid)));
			pause(Duration.ofSeconds(20));
			Map<Long, Double> shares = new HashMap<>();
			down.forEach((pid, meter) -> shares.put(pid, meter.coreShare()));
			double busiest = shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
			double cost = shares.entrySet()
				.stream()
				.mapToDouble((entry) -> entry.getValue() - baseline.getOrDefault(entry.getKey(), 0.0))
				.max()
				.orElse(0);
			stack().source().start();
			mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
			finish(String.format("source broker kill -9, restarted after 20 s (busiest worker used %.1f %% of a core "
					+ "while it was down, %.1f %% above its idle share)", busiest * 100, cost * 100), 1, mirror, load);
			assertThat(cost).as("a link whose source is down costs less than 5 %% of a core, not a busy loop")
				.isLessThan(0.05);
		}
		finally {
			load.close();
		}
	}

	@Test
	void theDestinationBrokerKilledAndRestartedAfter15Seconds() {
		destinationKilled("destination-killed-15", Duration.ofSeconds(15));
	}

	@Test
	void theDestinationBrokerKilledAndRestartedAfter60Seconds() {
		destinationKilled("destination-killed-60", Duration.ofSeconds(60));
	}

	@Test
	void theDestinationBrokerFrozenFor45Seconds() {
		destinationFrozen("frozen-45", Duration.ofSeconds(45));
	}

	@Test
	void theDestinationBrokerFrozenFor150Seconds() {
		destinationFrozen("frozen-150", Duration.ofSeconds(150));
	}

	private void destinationKilled(String topic, Duration down) {
		MirrorUnderTest mirror = activeMirror(topic);
		try (AckedLoad load = mirror.load(RATE, SEED + 21)) {
			pause(Duration.ofSeconds(5));
			FaultStack.Broker destination = stack().destination();
			destination.kill();
			pause(down);
			destination.start();
			pause(Duration.ofSeconds(5));
			finish("destination broker kill -9, restarted after " + down.toSeconds() + " s", 1, mirror, load);
		}
	}

	private void destinationFrozen(String topic, Duration freeze) {
		MirrorUnderTest mirror = activeMirror(topic);
		try (AckedLoad load = mirror.load(RATE, SEED + 3)) {
			pause(Duration.ofSeconds(5));
			stack().destination().freeze();
			pause(freeze);
			stack().destination().thaw();
			pause(Duration.ofSeconds(5));
			finish("destination broker frozen " + freeze.toSeconds() + " s", 1, mirror, load);
		}
	}

}
