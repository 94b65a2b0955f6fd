package dev.clusterlink.offsets.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.sync.PartitionPlan.Action;
import dev.clusterlink.store.MirrorRow;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-group rules: active groups, never backwards, metadata kept, epoch dropped. */
class GroupOffsetPlannerTest {

	private static final MirrorRow MIRROR = new MirrorRow(UUID.randomUUID(), UUID.randomUUID(), "link", "dr.orders",
			"orders", MirrorState.ACTIVE, null, null, null, 1);

	private static final Map<String, MirroredTopic> MIRRORS = Map.of("orders",
			new MirroredTopic(MIRROR, Map.of(0, OffsetTranslatorTest.partition(OffsetMap.identical(0), 100L)),
					Map.of(0, 0L), Map.of(0, 100L), false));

	private static final TopicPartition SOURCE = new TopicPartition("orders", 0);

	private static final TopicPartition DESTINATION = new TopicPartition("dr.orders", 0);

	@Test
	void writesTheTranslatedOffsetUnderTheMirrorNameWithTheMetadataAndNoEpoch() {
		GroupPlan plan = GroupOffsetPlanner.plan("app",
				Map.of(SOURCE, new OffsetAndMetadata(40, java.util.Optional.of(7), "meta"),
						new TopicPartition("not-mirrored", 0), new OffsetAndMetadata(5)),
				MIRRORS, DestinationGroup.ABSENT, false);
		assertThat(plan.partitions()).singleElement().satisfies((partition) -> {
			assertThat(partition.action()).isEqualTo(Action.WRITE);
			assertThat(partition.translatedOffset()).isEqualTo(40L);
		});
		assertThat(plan.toWrite())
			.containsExactly(Map.entry(DESTINATION, new OffsetAndMetadata(40, java.util.Optional.empty(), "meta")));
		assertThat(plan.failoverReady()).isTrue();
	}

	@Test
	void aGroupAlreadyThereIsInStep() {
		GroupPlan plan = GroupOffsetPlanner.plan("app", Map.of(SOURCE, new OffsetAndMetadata(40)), MIRRORS,
				destination(0, GroupState.EMPTY, 40), false);
		assertThat(plan.partitions().get(0).action()).isEqualTo(Action.IN_STEP);
		assertThat(plan.toWrite()).isEmpty();
	}

	@Test
	void neverBackwardsUnlessTheLinkSaysSo() {
		Map<TopicPartition, OffsetAndMetadata> commits = Map.of(SOURCE, new OffsetAndMetadata(20));
		GroupPlan held = GroupOffsetPlanner.plan("app", commits, MIRRORS, destination(0, GroupState.EMPTY, 40), false);
		assertThat(held.partitions().get(0).action()).isEqualTo(Action.HOLD);
		assertThat(held.partitions().get(0).reason()).contains("not moved backwards");
		assertThat(held.toWrite()).isEmpty();
		GroupPlan moved = GroupOffsetPlanner.plan("app", commits, MIRRORS, destination(0, GroupState.EMPTY, 40), true);
		assertThat(moved.toWrite()).containsEntry(DESTINATION,
				new OffsetAndMetadata(20, java.util.Optional.empty(), ""));
	}

	@Test
	void activeGroupsAreSkippedWholeWithTheReason() {
		GroupPlan plan = GroupOffsetPlanner.plan("app", Map.of(SOURCE, new OffsetAndMetadata(40)), MIRRORS,
				destination(2, GroupState.STABLE, 10), false);
		assertThat(plan.skipReason()).contains("active on the destination").contains("2 member(s)");
		assertThat(plan.toWrite()).isEmpty();
		assertThat(plan.failoverReady()).isFalse();
		GroupPlan rebalancing = GroupOffsetPlanner.plan("app", Map.of(SOURCE, new OffsetAndMetadata(40)), MIRRORS,
				destination(0, GroupState.PREPARING_REBALANCE, 10), false);
		assertThat(rebalancing.skipReason()).isNotNull();
	}

	@Test
	void clampedGroupsAreNotReadyForFailover() {
		GroupPlan plan = GroupOffsetPlanner.plan("app", Map.of(SOURCE, new OffsetAndMetadata(150)), MIRRORS,
				DestinationGroup.ABSENT, false);
		assertThat(plan.partitions().get(0).clamped()).isTrue();
		assertThat(plan.toWrite()).containsEntry(DESTINATION,
				new OffsetAndMetadata(100, java.util.Optional.empty(), ""));
		assertThat(plan.failoverReady()).isFalse();
	}

	@Test
	void partitionsNotSetUpAreHeld() {
		GroupPlan plan = GroupOffsetPlanner.plan("app",
				Map.of(new TopicPartition("orders", 3), new OffsetAndMetadata(4)), MIRRORS, DestinationGroup.ABSENT,
				false);
		assertThat(plan.partitions()).singleElement()
			.satisfies((partition) -> assertThat(partition.action()).isEqualTo(Action.HOLD));
		assertThat(plan.toWrite()).isEmpty();
	}

	@Test
	void theStoredRecordSaysWhenAGroupIsReady() {
		Instant now = Instant.now();
		SyncedPartition ready = new SyncedPartition("orders", 0, "dr.orders", "IDENTICAL", 40, 40L, false, 40L, 40L,
				now, null, now, now);
		SyncedPartition trailing = new SyncedPartition("orders", 1, "dr.orders", "IDENTICAL", 50, 50L, false, 45L, 45L,
				now, null, now, now);
		assertThat(new SyncedGroup("app", null, 0, now, now, List.of(ready)).failoverReady()).isTrue();
		SyncedGroup behind = new SyncedGroup("app", null, 0, now, now, List.of(ready, trailing));
		assertThat(behind.failoverReady()).isFalse();
		assertThat(behind.maxTrailingBy()).isEqualTo(5L);
		assertThat(new SyncedGroup("app", "active", 1, now, now, List.of(ready)).failoverReady()).isFalse();
		assertThat(new SyncedGroup("app", null, 0, now, now, List.of()).failoverReady()).isFalse();
	}

	private static DestinationGroup destination(int members, GroupState state, long offset) {
		return new DestinationGroup(members, state, Map.of(DESTINATION, new OffsetAndMetadata(offset)));
	}

}
