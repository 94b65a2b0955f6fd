package dev.clusterlink.faults.scenario;

import java.time.Duration;

import dev.clusterlink.faults.stack.FaultStack;
import dev.clusterlink.faults.traffic.AckedLoad;
import org.junit.jupiter.api.Test;

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
			load.stop(Duration.ofSeconds(30)); // the source is gone: nothing more to
												// write
			stack().source().kill();
			pause(Duration.ofSeconds(20));
			stack().source().start();
			mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
			finish("source broker kill -9, restarted after 20 s", 1, mirror, load);
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
