package dev.clusterlink.faults.scenario;

import java.time.Duration;

import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.soak.Soak;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded random soak for five minutes with a fixed seed (the full one is
 * {@code ./fault-suite/soak --duration 30m}).
 */
class SoakIT extends FaultScenarios {

	@Test
	void aSeededRandomMixOfFaultsForFiveMinutes() {
		Duration duration = Duration.parse(System.getProperty("clusterlink.faults.soak", "PT5M"));
		Soak.Result result = Soak.run(this.lab, SEED, duration, System.out);
		record("seeded random soak, " + duration.toMinutes() + " min: " + result.faults() + " faults, "
				+ result.verdicts().size() + " checks", result.faults(),
				new Verdict(result.identical(), result.recordsCompared(), result.mismatches(), java.util.List.of(),
						java.util.Map.of()));
		assertThat(result.identical()).as("soak (seed %d): %s", SEED, result.summary()).isTrue();
		assertThat(result.growth()).as("resources that grew (seed %d)", SEED).isEmpty();
		assertThat(result.faults()).isGreaterThanOrEqualTo(3);
	}

}
