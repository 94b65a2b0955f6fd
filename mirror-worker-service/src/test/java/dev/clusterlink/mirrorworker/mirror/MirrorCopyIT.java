package dev.clusterlink.mirrorworker.mirror;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mirrored topic is an exact copy: same partitions, same offsets, same keys, values,
 * headers, timestamps.
 */
class MirrorCopyIT extends WorkerIT {

	@Test
	void everyRecordIsAtTheSameOffsetWithTheSameContent() {
		String topic = unique("orders");
		KafkaTopics.create(source(), topic, 6, Map.of());
		int perCodec = 12_500;
		long seed = 0;
		for (String codec : List.of("gzip", "lz4", "zstd", "none")) {
			KafkaTopics.produceVaried(source(), topic, 6, perCodec, codec, seed);
			seed += perCodec;
		}
		TestLink link = link(Map.of());
		UUID mirror = link.mirror(topic, topic);

		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).hasSize(6)
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));

		for (int p = 0; p < 6; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
		assertThat(control.partitions(mirror)).allSatisfy((row) -> {
			assertThat(row.get("offset_mode")).isEqualTo("IDENTICAL");
			assertThat(row.get("state")).isEqualTo("ACTIVE");
			assertThat(row.get("mirrored_offset")).isEqualTo(row.get("source_end_offset"));
		});

		// new records follow
		KafkaTopics.produceVaried(source(), topic, 6, 600, "none", seed);
		eventually().untilAsserted(() -> {
			for (int p = 0; p < 6; p++) {
				TopicPartition tp = new TopicPartition(topic, p);
				assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest()))
					.isEqualTo(KafkaTopics.offset(source(), tp, OffsetSpec.latest()));
			}
		});
		for (int p = 0; p < 6; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
	}

}
