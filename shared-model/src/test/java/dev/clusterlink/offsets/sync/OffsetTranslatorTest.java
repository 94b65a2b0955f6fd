package dev.clusterlink.offsets.sync;

import java.util.List;
import java.util.UUID;

import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import dev.clusterlink.offsets.sync.OffsetTranslator.Result;
import dev.clusterlink.store.PartitionOffsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation and clamping of committed offsets (DESIGN.md §6, reliability R17): exact by
 * mode, never past the mirrored data, never a literal copy of an offset that has no
 * record.
 */
class OffsetTranslatorTest {

	@Test
	void identicalOffsetsTranslateToThemselves() {
		PartitionOffsets partition = partition(OffsetMap.identical(0), 100L);
		assertThat(translate(40, partition, 0, 100)).isEqualTo(new Result.Position(40, false, "IDENTICAL"));
		assertThat(translate(0, partition, 0, 100)).isEqualTo(new Result.Position(0, false, "IDENTICAL"));
		assertThat(translate(100, partition, 0, 100)).as("at the end: read everything, exact")
			.isEqualTo(new Result.Position(100, false, "IDENTICAL"));
	}

	@Test
	void shiftedOffsetsMoveByTheDelta() {
		// source log started at 30 when the mirror was set up: 30 -> 0
		PartitionOffsets partition = partition(OffsetMap.shifted(30, 30), 100L);
		assertThat(translate(50, partition, 0, 70)).isEqualTo(new Result.Position(20, false, "SHIFTED"));
		assertThat(translate(30, partition, 0, 70)).isEqualTo(new Result.Position(0, false, "SHIFTED"));
	}

	@Test
	void translatedOffsetsFollowTheRuns() {
		// source 15..19 compacted away: 0..14 -> 0..14, 20.. -> 15..
		PartitionOffsets partition = partition(
				OffsetMap.translated(List.of(new OffsetSegment(0, 0), new OffsetSegment(20, 15))), 100L);
		assertThat(translate(50, partition, 0, 95)).isEqualTo(new Result.Position(45, false, "TRANSLATED"));
		assertThat(translate(10, partition, 0, 95)).isEqualTo(new Result.Position(10, false, "TRANSLATED"));
		assertThat(translate(17, partition, 0, 95)).as("a compacted offset: the next record that exists")
			.isEqualTo(new Result.Position(15, false, "TRANSLATED"));
	}

	@Test
	void aGroupAheadOfTheMirrorIsClampedToTheMirroredEnd() {
		// KAFKA-12468: never past the data the destination holds
		PartitionOffsets partition = partition(OffsetMap.identical(0), 60L);
		assertThat(translate(80, partition, 0, 60)).isEqualTo(new Result.Position(60, true, "IDENTICAL"));
		PartitionOffsets shifted = partition(OffsetMap.shifted(30, 30), 60L);
		assertThat(translate(80, shifted, 0, 30)).isEqualTo(new Result.Position(30, true, "SHIFTED"));
	}

	@Test
	void theStoredProgressBoundsTheClampWhileTheWorkerCopies() {
		// the destination already holds 70 records, the worker recorded 60 so far
		PartitionOffsets partition = partition(OffsetMap.identical(0), 60L);
		assertThat(translate(65, partition, 0, 70))
			.as("the copies of 60..69 are there, but the group may not have read 65..69 yet: the recorded position")
			.isEqualTo(new Result.Position(60, true, "IDENTICAL"));
		// once the worker stopped copying, the destination end is the position
		assertThat(OffsetTranslator.translate(65, partition, 0, 70, true))
			.isEqualTo(new Result.Position(65, false, "IDENTICAL"));
	}

	@Test
	void theDestinationEndIsTheCheckpointOfTranslatedPartitionsToo() {
		// a run written ahead of its first record (destination start 95 = the end) is
		// trimmed
		PartitionOffsets partition = partition(OffsetMap
			.translated(List.of(new OffsetSegment(0, 0), new OffsetSegment(20, 15), new OffsetSegment(120, 95))), 90L);
		assertThat(OffsetTranslator.translate(99, partition, 0, 95, true))
			.isEqualTo(new Result.Position(79 + 15 - 20 + 20, false, "TRANSLATED"));
		assertThat(OffsetTranslator.translate(110, partition, 0, 95, true))
			.as("100..119 have no record: the next record's copy goes to 95")
			.isEqualTo(new Result.Position(95, false, "TRANSLATED"));
		assertThat(OffsetTranslator.translate(130, partition, 0, 95, true))
			.as("not mirrored: the mirrored end, never a copy of the literal offset")
			.isEqualTo(new Result.Position(95, true, "TRANSLATED"));
	}

	@Test
	void offsetsBelowTheSourceLogStartGoToTheFirstMirroredRecord() {
		// KAFKA-12635: the source log starts at 100 (retention), the group is at 40; the
		// mirror starts at 100 (SHIFTED to 0): the group reads the first record there
		PartitionOffsets shifted = partition(OffsetMap.shifted(100, 100), 100L);
		assertThat(translate(40, shifted, 0, 0)).as("an empty partition after retention")
			.isEqualTo(new Result.Position(0, false, "SHIFTED"));
		PartitionOffsets filled = partition(OffsetMap.identical(100), 150L);
		assertThat(translate(40, filled, 100, 150)).isEqualTo(new Result.Position(100, false, "IDENTICAL"));
	}

	@Test
	void neverBelowTheDestinationLogStartNorPastItsEnd() {
		PartitionOffsets partition = partition(OffsetMap.identical(0), 100L);
		assertThat(translate(10, partition, 25, 100)).as("destination retention removed 0..24")
			.isEqualTo(new Result.Position(25, false, "IDENTICAL"));
		assertThat(translate(90, partition, 0, 80)).as("the destination holds less than recorded")
			.isEqualTo(new Result.Position(80, true, "IDENTICAL"));
	}

	@Test
	void emptyPartitionsTranslateToTheirEnd() {
		PartitionOffsets partition = partition(OffsetMap.identical(0), 0L);
		assertThat(translate(0, partition, 0, 0)).isEqualTo(new Result.Position(0, false, "IDENTICAL"));
		assertThat(translate(5, partition, 0, 0)).as("committed past the end of an empty partition")
			.isEqualTo(new Result.Position(0, true, "IDENTICAL"));
	}

	@Test
	void partitionsWithoutAMappingHaveNoPosition() {
		// KAFKA-13452: never copy the literal offset when no mapping exists
		PartitionOffsets settingUp = new PartitionOffsets(UUID.randomUUID(), 0, "SETTING_UP", 0L, null, null, null,
				null, 0, null);
		assertThat(translate(40, settingUp, 0, 0)).isInstanceOf(Result.Untranslatable.class);
		PartitionOffsets noProgress = partition(OffsetMap.identical(0), null);
		assertThat(translate(40, noProgress, 0, 0)).isInstanceOf(Result.Untranslatable.class);
		PartitionOffsets halted = new PartitionOffsets(UUID.randomUUID(), 0, "DATA_LOSS", 0L, OffsetMap.identical(0),
				50L, 50L, 90L, 0, "lost");
		assertThat(translate(40, halted, 0, 50)).isInstanceOfSatisfying(Result.Untranslatable.class,
				(result) -> assertThat(result.reason()).contains("DATA_LOSS"));
	}

	private static Result translate(long committed, PartitionOffsets partition, long start, long end) {
		return OffsetTranslator.translate(committed, partition, start, end, false);
	}

	static PartitionOffsets partition(OffsetMap map, Long mirrored) {
		return new PartitionOffsets(UUID.randomUUID(), 0, "ACTIVE", map.startOffset(), map, mirrored, null, null, 0,
				null);
	}

}
