package dev.clusterlink.linkmanager.offsets;

import java.time.Instant;

import dev.clusterlink.offsets.sync.SyncedPartition;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a consumer group as offset sync last saw it.
 *
 * @param sourceTopic the source topic
 * @param mirrorTopic the mirror topic on the destination
 * @param partition the partition
 * @param offsetMode {@code IDENTICAL}, {@code SHIFTED} or {@code TRANSLATED}; null before
 * the partition was set up
 * @param sourceOffset the group's committed offset on the source
 * @param translatedOffset the destination offset that corresponds to it, clamped to the
 * mirrored data (null when it cannot be translated: see {@code skipReason})
 * @param clampedToMirrored whether the source offset was not mirrored yet, so
 * {@code translatedOffset} is where the mirrored data ends
 * @param destinationOffset the group's committed offset on the destination
 * @param trailingBy how many destination records the destination group trails its
 * translated source position by (what a consumer moving now would read again)
 * @param failoverReady whether the destination offset equals the translated source
 * position and that position was mirrored
 * @param lastSyncAt the last round after which the destination was at the translated
 * position
 * @param lastWrittenOffset the last offset the link wrote
 * @param lastWrittenAt when it wrote it
 * @param skipReason why the last round did not put the partition at its translated
 * position
 * @param updatedAt the last round that looked at the partition
 */
record PartitionOffsetsResponse(String sourceTopic, String mirrorTopic, int partition, @Nullable String offsetMode,
		long sourceOffset, @Nullable Long translatedOffset, boolean clampedToMirrored, @Nullable Long destinationOffset,
		@Nullable Long trailingBy, boolean failoverReady, @Nullable Instant lastSyncAt,
		@Nullable Long lastWrittenOffset, @Nullable Instant lastWrittenAt, @Nullable String skipReason,
		Instant updatedAt) {

	static PartitionOffsetsResponse of(SyncedPartition partition) {
		return new PartitionOffsetsResponse(partition.sourceTopic(), partition.mirrorTopic(), partition.partition(),
				partition.mode(), partition.sourceOffset(), partition.translatedOffset(), partition.clamped(),
				partition.destinationOffset(), partition.trailingBy(), partition.failoverReady(),
				partition.lastSyncedAt(), partition.writtenOffset(), partition.writtenAt(), partition.skipReason(),
				partition.updatedAt());
	}

}
