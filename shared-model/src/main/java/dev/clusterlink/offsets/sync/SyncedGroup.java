package dev.clusterlink.offsets.sync;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A consumer group a link syncs, as the last rounds recorded it.
 *
 * @param groupId the group (the same name on both clusters)
 * @param skipReason why the last round left the whole group alone, null when it synced it
 * @param destinationMembers its members on the destination in the last round
 * @param lastRoundAt the last round that looked at it
 * @param lastSyncedAt the last round after which every partition was at its translated
 * position
 * @param partitions its partitions on the link's mirrored topics
 */
public record SyncedGroup(String groupId, @Nullable String skipReason, int destinationMembers, Instant lastRoundAt,
		@Nullable Instant lastSyncedAt, List<SyncedPartition> partitions) {

	public SyncedGroup {
		partitions = List.copyOf(partitions);
	}

	/**
	 * Whether consumers can move to the destination now: every partition of the group is
	 * there at exactly the translated position of its source offset, and that offset was
	 * mirrored.
	 */
	public boolean failoverReady() {
		return this.skipReason == null && !this.partitions.isEmpty()
				&& this.partitions.stream().allMatch(SyncedPartition::failoverReady);
	}

	/**
	 * The most destination records any partition trails its translated source position
	 * by, null when unknown for all.
	 */
	public @Nullable Long maxTrailingBy() {
		return this.partitions.stream()
			.map(SyncedPartition::trailingBy)
			.filter(java.util.Objects::nonNull)
			.max(Long::compare)
			.orElse(null);
	}

}
