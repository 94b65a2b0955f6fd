package dev.clusterlink.offsets;

import java.util.List;

import dev.clusterlink.model.OffsetMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetMapTest {

	@Test
	void identicalMapsEveryOffsetToItself() {
		OffsetMap map = OffsetMap.identical(1_000);
		assertThat(map.mode()).isEqualTo(OffsetMode.IDENTICAL);
		assertThat(map.sourcePositionFor(1_500)).isEqualTo(1_500);
		assertThat(map.translate(1_200, 1_500, 1_500)).isEqualTo(new Translation.Exact(1_200));
		assertThat(map.translate(999, 1_500, 1_500)).isEqualTo(new Translation.BeforeStart(1_000, 1_000));
		assertThat(map.translate(1_500, 1_500, 1_500)).isEqualTo(new Translation.NotYetMirrored(1_500));
		assertThat(OffsetMap.shifted(5, 0).mode()).isEqualTo(OffsetMode.IDENTICAL);
	}

	@Test
	void shiftedSubtractsOneDelta() {
		OffsetMap map = OffsetMap.shifted(1_000_000, 1_000_000);
		assertThat(map.mode()).isEqualTo(OffsetMode.SHIFTED);
		assertThat(map.delta()).isEqualTo(1_000_000);
		assertThat(map.sourcePositionFor(0)).isEqualTo(1_000_000);
		assertThat(map.sourcePositionFor(42)).isEqualTo(1_000_042);
		assertThat(map.translate(1_000_041, 1_000_042, 42)).isEqualTo(new Translation.Exact(41));
		assertThat(map.destinationFor(1_000_042)).isEqualTo(42);
	}

	@Test
	void translatedRunsTranslateExactlyAndReportGaps() {
		// source 0..9 -> dest 0..9; source 12..14 (10, 11 compacted) -> dest 10..12;
		// source 20.. -> dest 13..
		OffsetMap map = OffsetMap.identical(0).withRun(12, 10).withRun(20, 13);
		assertThat(map.mode()).isEqualTo(OffsetMode.TRANSLATED);
		long destinationEnd = 16; // source 20, 21, 22 copied
		long mirrored = 23;
		assertThat(map.translate(9, mirrored, destinationEnd)).isEqualTo(new Translation.Exact(9));
		assertThat(map.translate(10, mirrored, destinationEnd)).isEqualTo(new Translation.NoRecord(10));
		assertThat(map.translate(11, mirrored, destinationEnd)).isEqualTo(new Translation.NoRecord(10));
		assertThat(map.translate(12, mirrored, destinationEnd)).isEqualTo(new Translation.Exact(10));
		assertThat(map.translate(14, mirrored, destinationEnd)).isEqualTo(new Translation.Exact(12));
		assertThat(map.translate(15, mirrored, destinationEnd)).isEqualTo(new Translation.NoRecord(13));
		assertThat(map.translate(22, mirrored, destinationEnd)).isEqualTo(new Translation.Exact(15));
		assertThat(map.translate(23, mirrored, destinationEnd)).isEqualTo(new Translation.NotYetMirrored(23));
		// committed offsets map to the next record that exists
		assertThat(map.destinationPositionFor(11, mirrored, destinationEnd)).isEqualTo(10);
		assertThat(map.destinationPositionFor(30, mirrored, destinationEnd)).isEqualTo(16);
	}

	@Test
	void theDestinationEndMapsBackToExactlyOneSourcePosition() {
		OffsetMap map = OffsetMap.identical(0).withRun(12, 10).withRun(20, 13);
		assertThat(map.sourcePositionFor(5)).isEqualTo(5);
		assertThat(map.sourcePositionFor(10)).as("a run written ahead wins at its own start").isEqualTo(12);
		assertThat(map.sourcePositionFor(13)).isEqualTo(20);
		assertThat(map.sourcePositionFor(16)).isEqualTo(23);
	}

	@Test
	void runsWrittenAheadOfRecordsThatNeverArrivedAreDropped() {
		OffsetMap map = OffsetMap.identical(0).withRun(12, 10).withRun(20, 13);
		// the destination only got up to offset 11: the run at dest 13 never got a record
		OffsetMap trimmed = map.trimmedTo(11);
		assertThat(trimmed.segments()).containsExactly(new OffsetSegment(0, 0), new OffsetSegment(12, 10));
		assertThat(trimmed.sourcePositionFor(11)).isEqualTo(13);
		// a new run at the same destination offset replaces one that got nothing
		OffsetMap replaced = map.withRun(25, 13);
		assertThat(replaced.segments()).containsExactly(new OffsetSegment(0, 0), new OffsetSegment(12, 10),
				new OffsetSegment(25, 13));
	}

	@Test
	void inconsistentRunsAreRefused() {
		assertThatThrownBy(() -> OffsetMap.translated(List.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> OffsetMap.translated(List.of(new OffsetSegment(10, 0), new OffsetSegment(5, 3))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> OffsetMap.translated(List.of(new OffsetSegment(0, 0), new OffsetSegment(5, 9))))
			.as("a destination run cannot hold more records than the source range")
			.isInstanceOf(IllegalArgumentException.class);
	}

}
