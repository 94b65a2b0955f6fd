package dev.clusterlink.mirrorworker.mirror;

import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reversed mirror (failback by planned swap) adopts its destination — the old source
 * topic, which already holds the records before the start offset at the same offsets —
 * and continues at the start offset: nothing filled, deleted or copied again. A write to
 * the old topic after the reverse was accepted halts it before anything is written.
 */
class AdoptedMirrorIT extends WorkerIT {

	private static final int PARTITIONS = 2;

	@Test
	void theOldSourceTopicIsAdoptedAndContinuedAtItsEnd() {
		String topic = oldAndPromotedTopics(unique("adopt"));
		// the promoted topic takes writes after the swap
		KafkaTopics.produceVaried(source(), topic, PARTITIONS, 100, "none", 200);
		UUID mirror = link(Map.of()).reversedMirror(topic, topic, PARTITIONS, 100);

		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		for (int p = 0; p < PARTITIONS; p++) {
			TopicPartition tp = new TopicPartition(topic, p);
			eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 150);
			KafkaTopics.assertIdentical(source(), tp, destination(), tp);
			assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.earliest())).as("nothing deleted").isZero();
		}
		assertThat(control.partitions(mirror)).allSatisfy((row) -> {
			assertThat(row).containsEntry("offset_mode", "IDENTICAL").containsEntry("start_offset", 100L);
			assertThat(row.get("mirrored_offset")).isEqualTo(150L);
		});
	}

	@Test
	void aWriteToTheOldTopicAfterTheReverseHaltsIt() {
		String topic = oldAndPromotedTopics(unique("adopt-foreign"));
		try (KafkaProducer<byte[], byte[]> intruder = KafkaTopics.producer(destination(), "none")) {
			intruder.send(new ProducerRecord<>(topic, 1, null, "late write".getBytes()));
		}
		KafkaTopics.produceVaried(source(), topic, PARTITIONS, 20, "none", 200);
		UUID mirror = link(Map.of()).reversedMirror(topic, topic, PARTITIONS, 100);

		eventually().until(() -> "FAILED".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("partition 1")
			.contains("already holds 101 records");
		for (int p = 0; p < PARTITIONS; p++) {
			assertThat(KafkaTopics.offset(destination(), new TopicPartition(topic, p), OffsetSpec.latest()))
				.isEqualTo(100L + p);
		}
	}

	/**
	 * The state a promotion leaves: the promoted topic (here on the source cluster, the
	 * reverse link's source) and the old source topic (on the destination) hold the same
	 * 100 records per partition at the same offsets.
	 */
	private static String oldAndPromotedTopics(String topic) {
		KafkaTopics.create(source(), topic, PARTITIONS, Map.of());
		KafkaTopics.create(destination(), topic, PARTITIONS, Map.of());
		KafkaTopics.produceVaried(source(), topic, PARTITIONS, 200, "none", 0);
		try (KafkaProducer<byte[], byte[]> copier = KafkaTopics.producer(destination(), "none")) {
			for (int p = 0; p < PARTITIONS; p++) {
				for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readAll(source(),
						new TopicPartition(topic, p))) {
					copier.send(new ProducerRecord<>(topic, p, record.timestamp(), record.key(), record.value(),
							record.headers()));
				}
			}
			copier.flush();
		}
		return topic;
	}

}
