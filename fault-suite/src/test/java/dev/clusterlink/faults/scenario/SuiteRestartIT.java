package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.Map;

import dev.clusterlink.faults.traffic.AckedLoad;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite stopped gracefully and started again: every mirror resumes where it
 * was, from the destination end offsets; nothing is copied twice.
 */
class SuiteRestartIT extends FaultScenarios {

	@Test
	void theWholeSuiteStoppedAndStartedAgainCopiesNothingTwice() {
		MirrorUnderTest mirror = activeMirror("restarted");
		Map<Integer, Long> beforeStop;
		try (AckedLoad load = mirror.load(RATE, SEED + 70)) {
			pause(Duration.ofSeconds(5));
			load.stop(Duration.ofSeconds(30));
			mirror.awaitCaughtUp(Duration.ofMinutes(2));
			beforeStop = mirror.destinationEnds();
		}
		stack().stopAll();
		stack().startAll(2);
		mirror.awaitState("ACTIVE", Duration.ofMinutes(2));
		pause(Duration.ofSeconds(5));
		assertThat(mirror.destinationEnds()).as("no record copied again after the restart").isEqualTo(beforeStop);
		try (AckedLoad load = mirror.load(RATE, SEED + 71)) {
			pause(Duration.ofSeconds(5));
			finish("the whole suite stopped and started again (no re-copy)", 1, mirror, load);
		}
	}

}
