package dev.clusterlink.linkmanager.mirror;

import dev.clusterlink.model.OffsetMode;

/**
 * Where the copy of a source record is on the destination.
 *
 * @param partition the partition
 * @param sourceOffset the source offset asked for
 * @param destinationOffset the destination offset holding its copy
 * @param offsetMode how the partition's offsets correspond
 */
public record TranslationResponse(int partition, long sourceOffset, long destinationOffset, OffsetMode offsetMode) {
}
