package dev.clusterlink.offsetsync.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsets.sync.SyncedPartition;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.testsupport.ServiceInstance;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service stopped in the middle of its work and started again (KAFKA-15905): no
 * destination offset ever goes backwards, the record of earlier rounds survives, and a
 * source group rewound while the service was down does not drag its copy back.
 */
class RestartIT extends OffsetSyncIT {

	private final Map<String, Long> highest = new HashMap<>();

	@Test
	void noDestinationOffsetGoesBackwardsAcrossARestart() {
		OffsetSyncInstance.stopShared();
		String groups = unique("restart");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 2);
		for (int p = 0; p < 2; p++) {
			Kafka.produce(Kafka.source(), mirror.sourceTopic(), p, 300);
			mirror.copy(p, 100);
		}
		List<String> names = List.of(groups + "-a", groups + "-b", groups + "-c");
		Map<String, Long> positions = new HashMap<>();
		names.forEach((group) -> positions.put(group, 20L));

		Map<String, SyncedGroup> before = new HashMap<>();
		try (ServiceInstance first = OffsetSyncInstance.start("first")) {
			// the groups and the mirror move on while rounds run every second; some
			// groups run ahead of the mirror (clamped)
			for (int step = 0; step < 8; step++) {
				for (String group : names) {
					positions.merge(group, (long) (5 + names.indexOf(group) * 10), Long::sum);
					commit(mirror, group, positions.get(group));
				}
				for (int p = 0; p < 2; p++) {
					mirror.copy(p, 100 + (step + 1) * 10);
				}
				long rounds = (long) rounds(first, link);
				eventually().until(() -> sampled(mirror, names) && rounds(first, link) > rounds);
			}
			names.forEach((group) -> before.put(group, recorded(link, group)));
		}
		// stopped mid-run: rounds were due every second
		assertThat(before.values()).allSatisfy((group) -> assertThat(group).isNotNull());

		// while it is down: two groups move on, an operator rewinds the third
		String rewound = names.get(2);
		for (String group : names.subList(0, 2)) {
			positions.merge(group, 7L, Long::sum);
			commit(mirror, group, positions.get(group));
		}
		commit(mirror, rewound, 3);
		for (int p = 0; p < 2; p++) {
			mirror.copyAll(p);
		}
		Map<TopicPartition, OffsetAndMetadata> rewoundBefore = Kafka.committed(Kafka.destination(), rewound);

		try (ServiceInstance second = OffsetSyncInstance.start("second")) {
			eventually().untilAsserted(() -> {
				assertThat(sampled(mirror, names)).isTrue();
				for (String group : names.subList(0, 2)) {
					for (int p = 0; p < 2; p++) {
						assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(p))).as(group)
							.isEqualTo(positions.get(group) + p);
					}
				}
				SyncedGroup record = recorded(link, rewound);
				assertThat(record.partitions()).allSatisfy((partition) -> {
					assertThat(partition.sourceOffset()).isEqualTo(3 + partition.partition());
					assertThat(partition.skipReason()).contains("not moved backwards");
				});
			});
			assertThat(Kafka.committed(Kafka.destination(), rewound)).isEqualTo(rewoundBefore);
			// the record of the rounds before the restart is kept, and moved on
			for (String group : names) {
				SyncedGroup after = recorded(link, group);
				for (SyncedPartition partition : after.partitions()) {
					SyncedPartition earlier = before.get(group)
						.partitions()
						.stream()
						.filter((p) -> p.partition() == partition.partition())
						.findFirst()
						.orElseThrow();
					assertThat(partition.writtenOffset()).isGreaterThanOrEqualTo(earlier.writtenOffset());
					assertThat(partition.lastSyncedAt()).isAfterOrEqualTo(earlier.lastSyncedAt());
				}
			}
		}
		assertThat(sampled(mirror, names)).isTrue();
	}

	private static void commit(MirrorFixture mirror, String group, long offset) {
		Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), offset, mirror.source(1), offset + 1), "");
	}

	/**
	 * Samples the destination groups; fails on any offset lower than one seen before.
	 * @return true, so that it can sit in an await condition
	 */
	private boolean sampled(MirrorFixture mirror, List<String> groups) {
		for (String group : groups) {
			Kafka.committed(Kafka.destination(), group).forEach((tp, committed) -> {
				String key = group + "/" + tp;
				Long previous = this.highest.get(key);
				assertThat(committed.offset()).as("destination offset of %s never goes backwards", key)
					.isGreaterThanOrEqualTo((previous != null) ? previous : 0L);
				this.highest.put(key, committed.offset());
			});
		}
		return true;
	}

}
