package dev.clusterlink.offsets.sync;

import java.util.Map;

import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.store.PartitionOffsets;
import org.jspecify.annotations.Nullable;

/**
 * A mirror of the link with what translation needs: its partitions as the worker recorded
 * them, and the destination's real log start and end offsets.
 *
 * @param mirror the mirror
 * @param partitions its partitions by number
 * @param destinationStarts log start offsets of the mirror topic's partitions
 * @param destinationEnds end offsets of the mirror topic's partitions
 * @param destinationIsCheckpoint whether the worker stopped copying (promote, failover),
 * so the destination end is the mirrored position
 */
public record MirroredTopic(MirrorRow mirror, Map<Integer, PartitionOffsets> partitions,
		Map<Integer, Long> destinationStarts, Map<Integer, Long> destinationEnds, boolean destinationIsCheckpoint) {

	public MirroredTopic {
		partitions = Map.copyOf(partitions);
		destinationStarts = Map.copyOf(destinationStarts);
		destinationEnds = Map.copyOf(destinationEnds);
	}

	/** The source topic. */
	public String sourceTopic() {
		return this.mirror.sourceTopic();
	}

	/** The mirror topic on the destination. */
	public String mirrorTopic() {
		return this.mirror.name();
	}

	/** A partition as recorded, null when the worker has not recorded it. */
	public @Nullable PartitionOffsets partition(int partition) {
		return this.partitions.get(partition);
	}

}
