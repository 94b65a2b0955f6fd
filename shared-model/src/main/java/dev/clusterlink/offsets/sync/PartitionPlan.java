package dev.clusterlink.offsets.sync;

import org.jspecify.annotations.Nullable;

/**
 * What one round decided for one partition of a consumer group.
 *
 * @param sourceTopic the source topic
 * @param partition the partition
 * @param mirrorTopic the mirror topic on the destination
 * @param mode the partition's offset mode, null when it is not set up
 * @param sourceOffset the group's committed offset on the source
 * @param metadata the commit metadata on the source, kept on the destination
 * @param translatedOffset where that puts the group on the destination, null when it
 * cannot be translated
 * @param clamped whether the source offset was not mirrored yet (the position is the
 * mirrored end)
 * @param destinationOffset the group's committed offset on the destination before the
 * round (null: none)
 * @param action write, already in step, or hold
 * @param reason why the partition is held, null otherwise
 */
public record PartitionPlan(String sourceTopic, int partition, String mirrorTopic, @Nullable String mode,
		long sourceOffset, @Nullable String metadata, @Nullable Long translatedOffset, boolean clamped,
		@Nullable Long destinationOffset, Action action, @Nullable String reason) {

	/** This plan held for a reason (the group is skipped, or the write failed). */
	public PartitionPlan held(String why) {
		return new PartitionPlan(this.sourceTopic, this.partition, this.mirrorTopic, this.mode, this.sourceOffset,
				this.metadata, this.translatedOffset, this.clamped, this.destinationOffset, Action.HOLD, why);
	}

	/** What a round does with a partition. */
	public enum Action {

		/** Write the translated offset to the destination group. */
		WRITE,
		/** The destination group is at the translated offset already. */
		IN_STEP,
		/** Leave the destination group's offset as it is, for the reason given. */
		HOLD

	}

}
