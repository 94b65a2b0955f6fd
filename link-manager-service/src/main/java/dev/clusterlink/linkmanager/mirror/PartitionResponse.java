package dev.clusterlink.linkmanager.mirror;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One partition of a mirror topic, as its worker last reported it.
 *
 * @param partition the partition
 * @param state the partition's state
 * @param offsetMode IDENTICAL, SHIFTED or TRANSLATED
 * @param sourceStartOffset the source log start offset
 * @param sourceEndOffset the source high watermark
 * @param mirroredOffset the next source offset to copy
 * @param lag records not yet copied
 * @param destinationStartOffset the destination log start offset
 * @param destinationEndOffset the destination end offset
 * @param recordsLost records never copied (skipped by policy or after an acknowledged
 * loss)
 * @param lastError the last error, when there was one
 * @param updatedAt when the worker last wrote the row (on a change, and at least every 30
 * s while it copies the partition)
 */
public record PartitionResponse(int partition, @Nullable String state, @Nullable String offsetMode,
		@Nullable Long sourceStartOffset, @Nullable Long sourceEndOffset, @Nullable Long mirroredOffset,
		@Nullable Long lag, @Nullable Long destinationStartOffset, @Nullable Long destinationEndOffset,
		long recordsLost, @Nullable String lastError, @Nullable Instant updatedAt) {
}
