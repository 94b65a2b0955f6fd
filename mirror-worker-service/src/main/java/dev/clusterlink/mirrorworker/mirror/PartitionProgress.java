package dev.clusterlink.mirrorworker.mirror;

import java.util.UUID;

import dev.clusterlink.model.PartitionState;
import org.jspecify.annotations.Nullable;

/**
 * One partition's progress as written to the state store.
 *
 * @param mirrorId the mirror
 * @param partition the partition
 * @param leaseEpoch the epoch of the lease it is written under
 * @param state the partition state
 * @param mirroredOffset next source offset to copy (everything before it is acknowledged)
 * @param sourceStart source log start offset
 * @param sourceEnd source end offset (last stable offset with read_committed)
 * @param lag records not copied yet
 * @param destinationStart destination log start offset
 * @param destinationEnd destination end offset
 * @param lastError the reason of a non-ACTIVE state
 */
record PartitionProgress(UUID mirrorId, int partition, long leaseEpoch, PartitionState state,
		@Nullable Long mirroredOffset, @Nullable Long sourceStart, @Nullable Long sourceEnd, @Nullable Long lag,
		@Nullable Long destinationStart, @Nullable Long destinationEnd, @Nullable String lastError) {
}
