package dev.clusterlink.faults.oracle;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A verdict sums its partitions and describes where each one first differs. */
class VerdictTest {

	@Test
	void identicalWhenNoPartitionHasAMismatch() {
		Verdict verdict = Verdict.of(Map.of(0, partition(0, Map.of(), null), 1, partition(1, Map.of(), null)),
				List.of());
		assertThat(verdict.identical()).isTrue();
		assertThat(verdict.recordsCompared()).isEqualTo(200);
		assertThat(verdict.describe()).isEqualTo("""
				identical: 0 mismatches, 200 records compared in 2 partitions
				  partition 0 [5, source end 105, destination end 105): 100 compared, 0 acknowledged checked, identical
				  partition 1 [5, source end 105, destination end 105): 100 compared, 0 acknowledged checked, identical
				""");
	}

	@Test
	void describesTheFirstMismatchingOffsetAndTheCountsPerPartition() {
		Mismatch missing = new Mismatch("dst", 1, 42, Mismatch.Kind.MISSING, "the source has key \"p1-37\"");
		Verdict verdict = Verdict
			.of(Map.of(1, partition(1, Map.of(Mismatch.Kind.MISSING, 1L, Mismatch.Kind.KEY, 3L), missing), 0,
					partition(0, Map.of(), null)), List.of(missing));
		assertThat(verdict.identical()).isFalse();
		assertThat(verdict.mismatches()).isEqualTo(4);
		assertThat(verdict.describe()).isEqualTo("""
				NOT identical: 4 mismatches, 200 records compared in 2 partitions
				  partition 0 [5, source end 105, destination end 105): 100 compared, 0 acknowledged checked, identical
				  partition 1 [5, source end 105, destination end 105): 100 compared, 0 acknowledged checked, \
				first mismatch at offset 42 (MISSING: the source has key "p1-37"), 4 mismatches {MISSING=1, KEY=3}
				first mismatches:
				  dst-1@42 MISSING: the source has key "p1-37"
				""");
	}

	private static PartitionVerdict partition(int partition, Map<Mismatch.Kind, Long> counts, Mismatch first) {
		return new PartitionVerdict(partition, 5, 105, 105, 100, 0, counts, first);
	}

}
