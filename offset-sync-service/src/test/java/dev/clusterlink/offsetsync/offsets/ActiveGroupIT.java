package dev.clusterlink.offsetsync.offsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group with members on the destination is left alone, with the reason recorded (its
 * consumers own its offsets there); once it is empty it is synced.
 */
class ActiveGroupIT extends OffsetSyncIT {

	@BeforeEach
	void running() {
		OffsetSyncInstance.shared();
	}

	@Test
	void anActiveDestinationGroupIsUntouchedUntilItIsEmpty() {
		String groups = unique("active");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("orders"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 50);
		mirror.copyAll(0);
		String group = groups + "-app";

		// a consumer of the group runs on the destination (it never commits)
		try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.destination(), ConsumerConfig.GROUP_ID_CONFIG,
						group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"latest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
			member.subscribe(List.of(mirror.mirrorTopic()));
			eventually().until(() -> {
				member.poll(Duration.ofMillis(100));
				return !member.assignment().isEmpty();
			});
			Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 30L), "");

			eventually().untilAsserted(() -> {
				member.poll(Duration.ZERO);
				SyncedGroup recorded = recorded(link, group);
				assertThat(recorded).isNotNull();
				assertThat(recorded.skipReason()).contains("active on the destination").contains("1 member(s)");
				assertThat(recorded.destinationMembers()).isEqualTo(1);
				assertThat(recorded.failoverReady()).isFalse();
				assertThat(recorded.partitions()).singleElement()
					.satisfies((partition) -> assertThat(partition.skipReason()).contains("active"));
			});
			assertThat(Kafka.committed(Kafka.destination(), group)).as("untouched").isEmpty();
		}

		// the consumer left: the group is empty and gets its offsets
		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(30);
			SyncedGroup recorded = recorded(link, group);
			assertThat(recorded.skipReason()).isNull();
			assertThat(recorded.destinationMembers()).isZero();
			assertThat(recorded.failoverReady()).isTrue();
		});
	}

}
