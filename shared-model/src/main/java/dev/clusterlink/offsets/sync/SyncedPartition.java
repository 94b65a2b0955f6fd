package dev.clusterlink.offsets.sync;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One partition of a synced consumer group as the last round recorded it.
 *
 * @param sourceTopic the source topic
 * @param partition the partition
 * @param mirrorTopic the mirror topic on the destination
 * @param mode the partition's offset mode (null before it was set up)
 * @param sourceOffset the group's committed offset on the source
 * @param translatedOffset where that puts the group on the destination (null: cannot be
 * translated)
 * @param clamped whether the source offset was not mirrored yet
 * @param destinationOffset the group's committed offset on the destination after the
 * round
 * @param writtenOffset the last offset the link wrote
 * @param writtenAt when it wrote it
 * @param skipReason why the round did not put the partition at its translated offset
 * @param lastSyncedAt the last round after which the destination was at the translated
 * offset
 * @param updatedAt the last round that looked at the partition
 */
public record SyncedPartition(String sourceTopic, int partition, String mirrorTopic, @Nullable String mode,
		long sourceOffset, @Nullable Long translatedOffset, boolean clamped, @Nullable Long destinationOffset,
		@Nullable Long writtenOffset, @Nullable Instant writtenAt, @Nullable String skipReason,
		@Nullable Instant lastSyncedAt, Instant updatedAt) {

	/**
	 * How many destination records the destination group trails its translated source
	 * position by (negative when it is past it), null when either is unknown.
	 */
	public @Nullable Long trailingBy() {
		return (this.translatedOffset != null && this.destinationOffset != null)
				? this.translatedOffset - this.destinationOffset : null;
	}

	/**
	 * Whether the destination group is exactly at the translated position of its source
	 * offset, and that offset was mirrored (not clamped).
	 */
	public boolean failoverReady() {
		return this.skipReason == null && this.translatedOffset != null && !this.clamped
				&& Objects.equals(this.translatedOffset, this.destinationOffset);
	}

}
