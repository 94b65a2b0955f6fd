package dev.clusterlink.offsets.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.clusterlink.offsets.sync.PartitionPlan.Action;
import dev.clusterlink.store.PartitionOffsets;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides what a round writes for one consumer group: desired (the source commits,
 * translated and clamped by {@link OffsetTranslator}) against actual (the destination
 * group), with the rules of DESIGN.md §6. Pure: no I/O, so the worker's final sync and
 * the periodic rounds decide alike.
 *
 * <p>
 * Rules, in order:
 * <ol>
 * <li>commits on topics the link does not mirror (or whose mirror is not synced now) are
 * ignored;</li>
 * <li>a group with members on the destination is skipped whole, with the reason: its
 * consumers own its offsets there;</li>
 * <li>a partition without a position (not set up, halted) is held;</li>
 * <li>a destination group already at the position is in step: nothing is written;</li>
 * <li>a destination group past the position is held unless the link allows moving
 * backwards ({@code consumer.offset.sync.allow.backwards});</li>
 * <li>everything else is written.</li>
 * </ol>
 */
public final class GroupOffsetPlanner {

	private GroupOffsetPlanner() {
	}

	/**
	 * Plans one group.
	 * @param groupId the group
	 * @param sourceOffsets its committed offsets on the source
	 * @param mirrors the link's synced mirrors by source topic
	 * @param destination the group on the destination
	 * @param allowBackwards {@code consumer.offset.sync.allow.backwards}
	 * @return the plan; no partitions when the group committed on no synced mirror
	 */
	public static GroupPlan plan(String groupId, Map<TopicPartition, OffsetAndMetadata> sourceOffsets,
			Map<String, MirroredTopic> mirrors, DestinationGroup destination, boolean allowBackwards) {
		List<PartitionPlan> partitions = new ArrayList<>();
		for (Map.Entry<TopicPartition, OffsetAndMetadata> commit : sourceOffsets.entrySet()) {
			MirroredTopic mirror = mirrors.get(commit.getKey().topic());
			if (mirror == null || commit.getValue() == null) {
				continue;
			}
			partitions
				.add(partition(commit.getKey().partition(), commit.getValue(), mirror, destination, allowBackwards));
		}
		partitions.sort(Comparator.comparing(PartitionPlan::sourceTopic).thenComparing(PartitionPlan::partition));
		GroupPlan plan = new GroupPlan(groupId, null, destination.members(), partitions);
		if (destination.isActive() && !partitions.isEmpty()) {
			return plan
				.skipped("the group is active on the destination (" + destination.members() + " member(s), state "
						+ destination.state() + "): its offsets there are left alone; it is synced once it is empty");
		}
		return plan;
	}

	private static PartitionPlan partition(int number, OffsetAndMetadata commit, MirroredTopic mirror,
			DestinationGroup destination, boolean allowBackwards) {
		TopicPartition target = new TopicPartition(mirror.mirrorTopic(), number);
		Long current = destination.offset(target);
		PartitionOffsets recorded = mirror.partition(number);
		Long destinationEnd = mirror.destinationEnds().get(number);
		Long destinationStart = mirror.destinationStarts().get(number);
		String mode = (recorded != null && recorded.map() != null) ? recorded.map().mode().name() : null;
		if (recorded == null || destinationEnd == null || destinationStart == null) {
			String why = (recorded == null) ? "partition " + number + " is not set up by the mirror worker yet"
					: "the destination did not report the offsets of " + target;
			return new PartitionPlan(mirror.sourceTopic(), number, mirror.mirrorTopic(), mode, commit.offset(),
					commit.metadata(), null, false, current, Action.HOLD, why);
		}
		OffsetTranslator.Result result = OffsetTranslator.translate(commit.offset(), recorded, destinationStart,
				destinationEnd, mirror.destinationIsCheckpoint());
		return switch (result) {
			case OffsetTranslator.Result.Untranslatable untranslatable ->
				new PartitionPlan(mirror.sourceTopic(), number, mirror.mirrorTopic(), mode, commit.offset(),
						commit.metadata(), null, false, current, Action.HOLD, untranslatable.reason());
			case OffsetTranslator.Result.Position position -> {
				long offset = position.offset();
				Action action;
				String why = null;
				if (current != null && current == offset) {
					action = Action.IN_STEP;
				}
				else if (current != null && current > offset && !allowBackwards) {
					action = Action.HOLD;
					why = "the destination group is at " + current + ", past the translated position " + offset
							+ ": not moved backwards (consumer.offset.sync.allow.backwards=false)";
				}
				else {
					action = Action.WRITE;
				}
				yield new PartitionPlan(mirror.sourceTopic(), number, mirror.mirrorTopic(), position.mode(),
						commit.offset(), commit.metadata(), offset, position.clamped(), current, action, why);
			}
		};
	}

}
