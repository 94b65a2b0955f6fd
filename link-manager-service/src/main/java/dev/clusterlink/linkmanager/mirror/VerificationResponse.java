package dev.clusterlink.linkmanager.mirror;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A verification of a mirror as the API shows it.
 *
 * @param id the verification id
 * @param link the link
 * @param mirror the mirror topic
 * @param state QUEUED, RUNNING, MATCHED, MISMATCHED, FAILED or CANCELLED
 * @param reason why it failed or was cancelled
 * @param fromOffset the first source offset as requested (null: each partition's mirror
 * start)
 * @param toOffset the end source offset (exclusive) as requested (null: each partition's
 * mirrored offset at the call)
 * @param range per partition, the source offsets {@code [fromOffset, toOffset)} compared
 * @param percentDone source offsets covered over those of the range, 0 to 100
 * @param recordsCompared source records compared so far
 * @param recordsPerSecond records compared per second since the start
 * @param requestedBy the principal who started it
 * @param createdAt when it was accepted
 * @param startedAt when it started reading
 * @param finishedAt when it ended
 * @param partitions the per-partition report
 */
public record VerificationResponse(UUID id, String link, String mirror, VerificationState state,
		@Nullable String reason, @Nullable Long fromOffset, @Nullable Long toOffset, List<PartitionRange> range,
		double percentDone, long recordsCompared, double recordsPerSecond, String requestedBy, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, List<PartitionReport> partitions) {

	/**
	 * The source offsets of one partition that a verification compares.
	 *
	 * @param partition the partition
	 * @param fromOffset the first source offset
	 * @param toOffset the end (exclusive)
	 */
	public record PartitionRange(int partition, long fromOffset, long toOffset) {
	}

	/**
	 * The latest verification of a mirror, as the mirror shows it.
	 *
	 * @param id the verification id
	 * @param state its state
	 * @param finishedAt when it ended (null while it runs)
	 * @param range per partition, the source offsets compared
	 */
	public record Summary(UUID id, VerificationState state, @Nullable Instant finishedAt, List<PartitionRange> range) {
	}

}
