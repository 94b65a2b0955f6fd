package dev.clusterlink.offsets.sync;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A consumer group as the destination cluster shows it.
 *
 * @param members its members (0 when the group is empty or does not exist)
 * @param state its state, null when the group does not exist there
 * @param offsets its committed offsets (partitions without one are absent)
 */
public record DestinationGroup(int members, @Nullable GroupState state,
		Map<TopicPartition, OffsetAndMetadata> offsets) {

	private static final Set<GroupState> INACTIVE = Set.of(GroupState.EMPTY, GroupState.DEAD, GroupState.UNKNOWN);

	/** A group the destination does not know. */
	public static final DestinationGroup ABSENT = new DestinationGroup(0, null, Map.of());

	public DestinationGroup {
		offsets = Map.copyOf(offsets);
	}

	/**
	 * Whether consumers use the group on the destination: it has members or is
	 * rebalancing. Kafka refuses offset changes of such a group, and they would race with
	 * its own commits.
	 */
	public boolean isActive() {
		return this.members > 0 || (this.state != null && !INACTIVE.contains(this.state));
	}

	/** The committed offset of a partition, null when there is none. */
	public @Nullable Long offset(TopicPartition partition) {
		OffsetAndMetadata committed = this.offsets.get(partition);
		return (committed != null) ? committed.offset() : null;
	}

}
