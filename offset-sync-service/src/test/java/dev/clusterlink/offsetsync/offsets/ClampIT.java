package dev.clusterlink.offsetsync.offsets;

import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedPartition;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source group ahead of the mirror is clamped to the mirrored position, never past the
 * data the destination holds (KAFKA-12468), and catches up once the mirror does.
 */
class ClampIT extends OffsetSyncIT {

	@BeforeEach
	void running() {
		OffsetSyncInstance.shared();
	}

	@Test
	void aGroupAheadOfTheMirrorIsClampedThenCatchesUp() {
		String groups = unique("clamp");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("events"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 100);
		// the worker is behind (paused, slow): 60 of 100 records mirrored
		mirror.copy(0, 60);
		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 80L), "");

		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(60);
			SyncedPartition partition = recorded(link, group).partitions().get(0);
			assertThat(partition.clamped()).isTrue();
			assertThat(partition.sourceOffset()).isEqualTo(80);
			assertThat(partition.translatedOffset()).isEqualTo(60);
			assertThat(recorded(link, group).failoverReady()).as("clamped: not where the source group is").isFalse();
		});

		// the mirror catches up: so does the group
		mirror.copyAll(0);
		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(80);
			assertThat(recorded(link, group).partitions().get(0).clamped()).isFalse();
			assertThat(recorded(link, group).failoverReady()).isTrue();
		});
		OffsetModesSyncIT.assertSamePosition(mirror, group, 0, 80);
	}

	@Test
	void theRecordedProgressBoundsTheClampWhileTheWorkerCopies() {
		String groups = unique("stale");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("clicks"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 100);
		// the destination holds 70 copies, the worker has recorded 60 so far
		mirror.copy(0, 70).recordProgress(0, 60);
		String group = groups + "-app";
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 65L), "");

		eventually().untilAsserted(() -> assertThat(recorded(link, group)).isNotNull());
		assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0)))
			.as("not the destination end (70): the group has not read source 65..69")
			.isEqualTo(60);

		mirror.recordProgress(0, 70);
		eventually().untilAsserted(
				() -> assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(65));
	}

}
