package dev.clusterlink.linkmanager.mirror;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the verifier found in one partition, over source offsets {@code [fromOffset,
 * toOffset)}.
 *
 * @param partition the partition
 * @param fromOffset the first source offset of the range
 * @param toOffset the end of the range (exclusive)
 * @param status PENDING, RUNNING, MATCHED, MISMATCHED, SKIPPED (not set up yet), FAILED
 * or CANCELLED
 * @param recordsCompared source records read and paired (or found missing)
 * @param matchedRanges source-offset ranges {@code [from, to]} (inclusive) whose records
 * all matched, coalesced across offsets that hold no record (compaction, transaction
 * markers); at most {@value RecordComparator#MAX_RANGES}
 * @param matchedRangesTruncated whether more matched ranges were found than are listed
 * @param mismatchedRecords pairs at the mapped offsets whose records differ
 * @param firstMismatch the first of them
 * @param missingOnDestination source records with no copy at their mapped destination
 * offset
 * @param firstMissingOffsets the first few of them (source offsets)
 * @param extraOnDestination destination records in the range that are no copy of a source
 * record
 * @param firstExtraOffsets the first few of them (destination offsets)
 * @param reason why the partition was skipped or failed
 */
public record PartitionReport(int partition, long fromOffset, long toOffset, String status, long recordsCompared,
		List<OffsetRange> matchedRanges, boolean matchedRangesTruncated, long mismatchedRecords,
		@Nullable Mismatch firstMismatch, long missingOnDestination, List<Long> firstMissingOffsets,
		long extraOnDestination, List<Long> firstExtraOffsets, @Nullable String reason) {

	static PartitionReport pending(int partition, long fromOffset, long toOffset) {
		return new PartitionReport(partition, fromOffset, toOffset, "PENDING", 0, List.of(), false, 0, null, 0,
				List.of(), 0, List.of(), null);
	}

	static PartitionReport skipped(int partition, String reason) {
		return new PartitionReport(partition, 0, 0, "SKIPPED", 0, List.of(), false, 0, null, 0, List.of(), 0, List.of(),
				reason);
	}

	PartitionReport withStatus(String status, @Nullable String reason) {
		return new PartitionReport(this.partition, this.fromOffset, this.toOffset, status, this.recordsCompared,
				this.matchedRanges, this.matchedRangesTruncated, this.mismatchedRecords, this.firstMismatch,
				this.missingOnDestination, this.firstMissingOffsets, this.extraOnDestination, this.firstExtraOffsets,
				reason);
	}

	boolean matched() {
		return this.mismatchedRecords == 0 && this.missingOnDestination == 0 && this.extraOnDestination == 0;
	}

	/**
	 * Source offsets {@code [from, to]}, both inclusive.
	 *
	 * @param from the first offset
	 * @param to the last offset
	 */
	public record OffsetRange(long from, long to) {
	}

	/**
	 * A record whose copy differs.
	 *
	 * @param sourceOffset the source offset
	 * @param destinationOffset the destination offset it maps to
	 * @param field the first field that differs: key, value, headers, timestamp or
	 * timestampType
	 */
	public record Mismatch(long sourceOffset, long destinationOffset, String field) {
	}

}
