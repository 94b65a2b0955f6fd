package dev.clusterlink.faults.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Acknowledgements are kept compactly and handed out as immutable snapshots. */
class AckedPartitionTest {

	@Test
	void logGrowsAndSnapshotsDoNotChangeAfterwards() {
		AckedPartition.Log log = new AckedPartition.Log(2);
		for (int i = 0; i < 5000; i++) {
			log.add(100 + i, i);
		}
		AckedPartition snapshot = log.snapshot();
		log.add(9999, 5000);
		assertThat(snapshot.size()).isEqualTo(5000);
		assertThat(snapshot.partition()).isEqualTo(2);
		assertThat(snapshot.offset(4999)).isEqualTo(5099);
		assertThat(snapshot.seq(4999)).isEqualTo(4999);
		assertThat(snapshot.key(4999)).isEqualTo("p2-4999");
		assertThat(log.snapshot().size()).isEqualTo(5001);
	}

	@Test
	void sortsByOffsetOnlyWhenNeeded() {
		AckedPartition sorted = AckedPartition.of(0, new long[] { 1, 2, 3 }, new long[] { 0, 1, 2 }, 3);
		assertThat(sorted.sortedByOffset()).isSameAs(sorted);
		AckedPartition unsorted = AckedPartition.of(0, new long[] { 3, 1, 2 }, new long[] { 30, 10, 20 }, 3)
			.sortedByOffset();
		assertThat(new long[] { unsorted.offset(0), unsorted.offset(1), unsorted.offset(2) }).containsExactly(1, 2, 3);
		assertThat(new long[] { unsorted.seq(0), unsorted.seq(1), unsorted.seq(2) }).containsExactly(10, 20, 30);
	}

	@Test
	void ofCopiesAndChecksTheSize() {
		long[] offsets = { 5, 6 };
		AckedPartition acked = AckedPartition.of(1, offsets, new long[] { 0, 1 }, 2);
		offsets[0] = 99;
		assertThat(acked.offset(0)).isEqualTo(5);
		assertThatIllegalArgumentException().isThrownBy(() -> AckedPartition.of(1, offsets, new long[1], 2));
	}

}
