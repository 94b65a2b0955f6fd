package dev.clusterlink.store;

import java.util.UUID;

import dev.clusterlink.offsets.OffsetMap;
import org.jspecify.annotations.Nullable;

/**
 * A mirrored partition as its worker last recorded it: how its offsets correspond and how
 * far it got.
 *
 * @param mirrorId the mirror
 * @param partition the partition
 * @param state the partition state (ACTIVE, PAUSED, DATA_LOSS, …)
 * @param startOffset the first source offset the mirror copies (fixed at set-up)
 * @param map the offset correspondence ({@code null} while the partition is being set up)
 * @param mirroredOffset the next source offset to copy: every record before it is on the
 * destination
 * @param destinationEnd the destination end offset the worker last saw
 * @param sourceEnd the source end offset the worker last saw
 * @param recordsLost records never copied (skipped or acknowledged losses)
 * @param lastError the reason of the partition's state, when it is not ACTIVE
 */
public record PartitionOffsets(UUID mirrorId, int partition, String state, @Nullable Long startOffset,
		@Nullable OffsetMap map, @Nullable Long mirroredOffset, @Nullable Long destinationEnd, @Nullable Long sourceEnd,
		long recordsLost, @Nullable String lastError) {

	/** Whether the partition has finished its set-up (its offset mode is fixed). */
	public boolean isSetUp() {
		return this.map != null;
	}

}
