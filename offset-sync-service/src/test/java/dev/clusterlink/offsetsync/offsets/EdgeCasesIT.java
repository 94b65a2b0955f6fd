package dev.clusterlink.offsetsync.offsets;

import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases behind MirrorMaker 2's offset bugs (reliability R17): no mapping yet
 * (KAFKA-13452), halted partitions, empty partitions and partitions emptied by retention
 * (KAFKA-12635), deleted groups, and groups moved backwards at the source.
 */
class EdgeCasesIT extends OffsetSyncIT {

	@BeforeEach
	void running() {
		OffsetSyncInstance.shared();
	}

	@Test
	void partitionsWithoutAMappingOrHaltedGetNoOffset() {
		String groups = unique("nomap");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 3);
		for (int p = 0; p < 3; p++) {
			Kafka.produce(Kafka.source(), mirror.sourceTopic(), p, 20);
		}
		mirror.copyAll(0).copyAll(2).partitionState(2, "DATA_LOSS").settingUp(1);
		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 10L, mirror.source(1), 10L, mirror.source(2), 10L),
				"");

		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group)).containsOnlyKeys(mirror.destination(0));
			SyncedGroup recorded = recorded(link, group);
			assertThat(recorded.partitions()).hasSize(3);
			assertThat(recorded.partitions().get(1).skipReason()).contains("not set up");
			assertThat(recorded.partitions().get(1).translatedOffset()).isNull();
			assertThat(recorded.partitions().get(2).skipReason()).contains("halted in DATA_LOSS");
			assertThat(recorded.failoverReady()).isFalse();
		});
	}

	@Test
	void emptyPartitionsAndPartitionsEmptiedByRetention() {
		String groups = unique("empty");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("audit"), 2);
		// partition 0: never written; partition 1: 50 records, all deleted by retention
		// before the mirror was set up (SHIFTED by 50, the destination holds nothing)
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 1, 50);
		Kafka.deleteRecordsBefore(Kafka.source(), mirror.source(1), 50);
		mirror.copyAll(0).copyAll(1);
		String caughtUp = groups + "-caught-up";
		String behind = groups + "-behind";
		Kafka.commit(Kafka.source(), caughtUp, Map.of(mirror.source(0), 0L, mirror.source(1), 50L), "");
		Kafka.commit(Kafka.source(), behind, Map.of(mirror.source(1), 20L), "");

		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), caughtUp, mirror.destination(0))).isZero();
			assertThat(Kafka.committed(Kafka.destination(), caughtUp, mirror.destination(1)))
				.as("no lag of -50: the end of the empty destination partition")
				.isZero();
			assertThat(Kafka.committed(Kafka.destination(), behind, mirror.destination(1)))
				.as("below the source log start: the first mirrored position, not 20")
				.isZero();
		});
		eventually().untilAsserted(() -> assertThat(recorded(link, caughtUp).failoverReady()).isTrue());

		// records arrive: consumers of both groups read them all
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 1, 5);
		mirror.copyAll(1);
		OffsetModesSyncIT.assertSamePosition(mirror, caughtUp, 1, 50);
		OffsetModesSyncIT.assertSamePosition(mirror, behind, 1, 50);
	}

	@Test
	void aGroupDeletedAtTheSourceIsLeftOnTheDestination() {
		String groups = unique("deleted");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 20);
		mirror.copyAll(0);
		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 12L), "");
		eventually().untilAsserted(
				() -> assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(12));

		Kafka.deleteGroup(Kafka.source(), group);
		eventually().untilAsserted(() -> {
			SyncedGroup recorded = recorded(link, group);
			assertThat(recorded.skipReason()).contains("no longer exists on the source");
			assertThat(recorded.failoverReady()).isFalse();
		});
		assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(12);
	}

	@Test
	void neverBackwardsUnlessTheLinkSaysSo() {
		String groups = unique("back");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 50);
		mirror.copyAll(0);
		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 40L), "");
		eventually().untilAsserted(
				() -> assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(40));

		// an operator rewinds the source group to replay
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 10L), "");
		eventually().untilAsserted(() -> {
			assertThat(recorded(link, group).partitions().get(0).sourceOffset()).isEqualTo(10);
			assertThat(recorded(link, group).partitions().get(0).skipReason()).contains("not moved backwards");
		});
		assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(40);

		Map<String, String> configs = new java.util.HashMap<>(syncing(groups));
		configs.put("consumer.offset.sync.allow.backwards", "true");
		reconfigure(link, configs);
		eventually().untilAsserted(
				() -> assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(10));
		eventually().untilAsserted(() -> assertThat(recorded(link, group).failoverReady()).isTrue());
	}

}
