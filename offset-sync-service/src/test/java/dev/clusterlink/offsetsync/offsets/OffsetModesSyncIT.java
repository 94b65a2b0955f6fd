package dev.clusterlink.offsetsync.offsets;

import java.util.List;
import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group that commits mid-log on the source reaches the same position on the
 * destination, whatever the partition's offset mode: the same offset (IDENTICAL), the
 * shifted one (SHIFTED), the translated one (TRANSLATED). "The same position" is checked
 * by content: the destination record at the synced offset is the copy of the source
 * record at the committed offset.
 */
class OffsetModesSyncIT extends OffsetSyncIT {

	@BeforeEach
	void running() {
		OffsetSyncInstance.shared();
	}

	@Test
	void identicalOffsetsAreSyncedAsTheyAreWithTheirMetadata() {
		String groups = unique("ident");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 2);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 50);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 1, 50);
		mirror.copyAll(0).copyAll(1);
		assertThat(mirror.mode(0)).isEqualTo("IDENTICAL");

		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 20L, mirror.source(1), 35L), "app-metadata");

		eventually().untilAsserted(() -> {
			Map<TopicPartition, OffsetAndMetadata> synced = Kafka.committed(Kafka.destination(), group);
			assertThat(synced).containsOnlyKeys(mirror.destination(0), mirror.destination(1));
			assertThat(synced.get(mirror.destination(0)).offset()).isEqualTo(20);
			assertThat(synced.get(mirror.destination(1)).offset()).isEqualTo(35);
			assertThat(synced.get(mirror.destination(0)).metadata()).isEqualTo("app-metadata");
			assertThat(synced.get(mirror.destination(0)).leaderEpoch()).isEmpty();
		});
		assertSamePosition(mirror, group, 0, 20);
		eventually().untilAsserted(() -> {
			SyncedGroup recorded = recorded(link, group);
			assertThat(recorded).isNotNull();
			assertThat(recorded.failoverReady()).isTrue();
			assertThat(recorded.skipReason()).isNull();
			assertThat(recorded.partitions()).allSatisfy((partition) -> {
				assertThat(partition.mode()).isEqualTo("IDENTICAL");
				assertThat(partition.trailingBy()).isZero();
				assertThat(partition.lastSyncedAt()).isNotNull();
			});
		});
		assertThat(taskState(link)).isEqualTo("ACTIVE");

		// the group moves on: so does its copy
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 42L), "app-metadata");
		eventually().untilAsserted(
				() -> assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(42));
	}

	@Test
	void shiftedOffsetsMoveByTheDelta() {
		String groups = unique("shift");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("payments"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 100);
		// retention took the first 30 records before the mirror was set up: 30 -> 0
		Kafka.deleteRecordsBefore(Kafka.source(), mirror.source(0), 30);
		mirror.copyAll(0);
		assertThat(mirror.mode(0)).isEqualTo("SHIFTED");

		String group = groups + "-app";
		String behind = groups + "-behind";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 50L), "");
		// KAFKA-12635: committed below the source log start, never synced literally
		Kafka.commit(Kafka.source(), behind, Map.of(mirror.source(0), 10L), "");

		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(20);
			assertThat(Kafka.committed(Kafka.destination(), behind, mirror.destination(0)))
				.as("the first record mirrored")
				.isZero();
		});
		assertSamePosition(mirror, group, 0, 50);
	}

	@Test
	void translatedOffsetsFollowTheExactRuns() {
		String groups = unique("trans");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("ledger"), 1);
		// five transactions of ten: offsets 0..9, marker 10, 11..20, marker 21, ...
		Kafka.produceTransactions(Kafka.source(), mirror.sourceTopic(), 0, 5, 10);
		mirror.copyAll(0);
		assertThat(mirror.mode(0)).isEqualTo("TRANSLATED");

		String group = groups + "-app";
		String onMarker = groups + "-marker";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 15L), "");
		Kafka.commit(Kafka.source(), onMarker, Map.of(mirror.source(0), 21L), "");

		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(14);
			assertThat(Kafka.committed(Kafka.destination(), onMarker, mirror.destination(0)))
				.as("a marker has no record: the copy of the next record, source offset 22")
				.isEqualTo(20);
		});
		assertSamePosition(mirror, group, 0, 15);
		assertSamePosition(mirror, onMarker, 0, 22);
		eventually().untilAsserted(() -> assertThat(recorded(link, group).partitions()).singleElement()
			.satisfies((partition) -> assertThat(partition.mode()).isEqualTo("TRANSLATED")));
	}

	/**
	 * The next record a consumer of the synced group reads on the destination is the copy
	 * of the source record at {@code sourceOffset}, and every record after it follows:
	 * nothing skipped.
	 */
	static void assertSamePosition(MirrorFixture mirror, String group, int partition, long sourceOffset) {
		long position = Kafka.committed(Kafka.destination(), group, mirror.destination(partition));
		List<ConsumerRecord<byte[], byte[]>> sourceRecords = Kafka.read(Kafka.source(), mirror.source(partition),
				sourceOffset);
		List<ConsumerRecord<byte[], byte[]>> destinationRecords = Kafka.read(Kafka.destination(),
				mirror.destination(partition), position);
		assertThat(destinationRecords).hasSameSizeAs(sourceRecords);
		for (int i = 0; i < sourceRecords.size(); i++) {
			assertThat(Kafka.text(destinationRecords.get(i).value()))
				.as("destination record %d of group %s", destinationRecords.get(i).offset(), group)
				.isEqualTo(Kafka.text(sourceRecords.get(i).value()));
		}
	}

}
