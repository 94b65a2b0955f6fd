package dev.clusterlink.offsets.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What one round decided for one consumer group.
 *
 * @param groupId the group (the same name on both clusters)
 * @param skipReason why the whole group is left alone, null when it is not
 * @param destinationMembers the group's members on the destination
 * @param partitions the decision per partition of a mirrored topic it committed on
 */
public record GroupPlan(String groupId, @Nullable String skipReason, int destinationMembers,
		List<PartitionPlan> partitions) {

	public GroupPlan {
		partitions = List.copyOf(partitions);
	}

	/**
	 * The offsets to write, by mirror-topic partition: the translated offset with the
	 * source commit's metadata and without a leader epoch (the source's epochs mean
	 * nothing on the destination).
	 */
	public Map<TopicPartition, OffsetAndMetadata> toWrite() {
		Map<TopicPartition, OffsetAndMetadata> writes = new LinkedHashMap<>();
		for (PartitionPlan plan : this.partitions) {
			if (plan.action() == PartitionPlan.Action.WRITE && plan.translatedOffset() != null) {
				writes.put(new TopicPartition(plan.mirrorTopic(), plan.partition()), new OffsetAndMetadata(
						plan.translatedOffset(), Optional.empty(), (plan.metadata() != null) ? plan.metadata() : ""));
			}
		}
		return writes;
	}

	/**
	 * Whether every partition is at its translated, unclamped position after the round.
	 */
	public boolean failoverReady() {
		return this.skipReason == null && !this.partitions.isEmpty() && this.partitions.stream()
			.allMatch((plan) -> plan.action() != PartitionPlan.Action.HOLD && !plan.clamped());
	}

	/** This plan with every partition held: the group is skipped. */
	public GroupPlan skipped(String why) {
		return new GroupPlan(this.groupId, why, this.destinationMembers,
				this.partitions.stream().map((plan) -> plan.held(why)).toList());
	}

}
