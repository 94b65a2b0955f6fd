package dev.clusterlink.linkmanager.offsets;

import java.time.Instant;
import java.util.List;

import dev.clusterlink.offsets.sync.SyncedGroup;
import org.jspecify.annotations.Nullable;

/**
 * A consumer group a link syncs.
 *
 * @param link the link name
 * @param group the group (the same name on source and destination)
 * @param failoverReady whether consumers can move to the destination now: every partition
 * of the group there equals its translated source position, and that position was
 * mirrored
 * @param skipReason why the last round left the whole group alone (e.g. active members on
 * the destination, deleted on the source); null when it synced it
 * @param destinationMembers the group's members on the destination in the last round
 * @param trailingBy the most destination records any partition trails its translated
 * source position by
 * @param lastSyncAt the last round after which every partition was at its translated
 * position
 * @param lastRoundAt the last round that looked at the group
 * @param partitions its partitions on the link's mirror topics
 */
record ConsumerGroupResponse(String link, String group, boolean failoverReady, @Nullable String skipReason,
		int destinationMembers, @Nullable Long trailingBy, @Nullable Instant lastSyncAt, Instant lastRoundAt,
		List<PartitionOffsetsResponse> partitions) {

	static ConsumerGroupResponse of(String link, SyncedGroup group) {
		return new ConsumerGroupResponse(link, group.groupId(), group.failoverReady(), group.skipReason(),
				group.destinationMembers(), group.maxTrailingBy(), group.lastSyncedAt(), group.lastRoundAt(),
				group.partitions().stream().map(PartitionOffsetsResponse::of).toList());
	}

}
