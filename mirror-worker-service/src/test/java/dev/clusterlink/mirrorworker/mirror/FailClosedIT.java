package dev.clusterlink.mirrorworker.mirror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.mirrorworker.support.Translations;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mirror halts, with a reason an operator can act on, instead of writing anything
 * wrong.
 */
class FailClosedIT extends WorkerIT {

	@Test
	void aForeignWriteHaltsThePartitionInOffsetDiverged() {
		String topic = unique("foreign");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 100, "none", 0);
		UUID mirror = link(Map.of()).mirror(topic, topic);
		TopicPartition tp = new TopicPartition(topic, 0);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 100);

		try (KafkaProducer<byte[], byte[]> intruder = KafkaTopics.producer(destination(), "none")) {
			intruder.send(new ProducerRecord<>(topic, 0, null, "not from the link".getBytes(StandardCharsets.UTF_8)));
		}
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 100);

		eventually().until(() -> "OFFSET_DIVERGED".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason"))
			.contains("expected at destination offset 100 but the broker assigned 101")
			.contains("acknowledgeDataLoss=true");
		long end = KafkaTopics.offset(destination(), tp, OffsetSpec.latest());
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 150);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == end);
		assertThat(control.partitions(mirror).get(0)).containsEntry("state", "OFFSET_DIVERGED");

		// the operator accepts: mirroring continues after the foreign records,
		// translation stays exact
		control.request(mirror, "PENDING", null);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror).get(0).get("lag")).isEqualTo(0L));
		assertThat(control.partitions(mirror).get(0)).containsEntry("offset_mode", "TRANSLATED");
		// the foreign record, and copies that were in flight when it was noticed, stay
		// unmapped
		Translations.assertTranslatesExactly(mirror, source(), tp, destination(), tp);
	}

	@Test
	void retentionPastTheMirroredPositionWhilePausedIsDataLoss() {
		String topic = unique("loss");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 100, "none", 0);
		UUID mirror = link(Map.of()).mirror(topic, topic);
		TopicPartition tp = new TopicPartition(topic, 0);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 100);

		control.request(mirror, "PAUSED", null);
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 1, 150, "none", 100);
		KafkaTopics.deleteRecordsBefore(source(), tp, 200);

		eventually().until(() -> "DATA_LOSS".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("deleted 100 record(s)")
			.contains("offsets 100 to 199");
		assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest())).isEqualTo(100);

		control.request(mirror, "PENDING", null);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror).get(0).get("lag")).isEqualTo(0L));
		assertThat(control.partitions(mirror).get(0)).containsEntry("records_lost", 100L)
			.containsEntry("offset_mode", "TRANSLATED");
		assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest())).isEqualTo(150);
		Translations.assertTranslatesExactly(mirror, source(), tp, destination(), tp);
	}

	/**
	 * Retention that deletes only what has no copy after the last copied record (here a
	 * commit marker; aborted records and abort markers are moved over the same way) is no
	 * loss: the check compares with the consumer's position, which moved over them.
	 */
	@Test
	void deletingOnlyTransactionMarkersIsNoDataLoss() {
		String topic = unique("markers");
		KafkaTopics.create(source(), topic, 1, Map.of());
		TopicPartition tp = new TopicPartition(topic, 0);
		String transactionalId = unique("tx");
		transactions(topic, transactionalId, true, true); // 7 records + a commit marker,
															// twice
		eventually().until(() -> lastStableOffset(tp) == 16);
		UUID mirror = link(Map.of()).mirror(topic, topic);
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).singleElement()
			.satisfies((row) -> assertThat(row.get("mirrored_offset")).isEqualTo(16L)));
		assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest())).isEqualTo(14);

		control.request(mirror, "PAUSED", null);
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.deleteRecordsBefore(source(), tp, 16); // only the last marker was not
															// copied
		control.request(mirror, "PENDING", null); // the operator resumes
		transactions(topic, transactionalId, true);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 21);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> "ACTIVE".equals(control.state(mirror)));
		assertThat(control.partitions(mirror).get(0)).containsEntry("records_lost", 0L);
	}

	private static long lastStableOffset(TopicPartition tp) throws Exception {
		try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of("bootstrap.servers", source()))) {
			return admin
				.listOffsets(Map.of(tp, OffsetSpec.latest()),
						new org.apache.kafka.clients.admin.ListOffsetsOptions(
								org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
				.partitionResult(tp)
				.get(10, java.util.concurrent.TimeUnit.SECONDS)
				.offset();
		}
	}

	/** One transaction of seven records per flag: committed when true, else aborted. */
	private static void transactions(String topic, String transactionalId, boolean... commits) {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source(), ProducerConfig.TRANSACTIONAL_ID_CONFIG,
						transactionalId, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.initTransactions();
			for (boolean commit : commits) {
				producer.beginTransaction();
				for (int i = 0; i < 7; i++) {
					producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)));
				}
				if (commit) {
					producer.commitTransaction();
				}
				else {
					producer.abortTransaction();
				}
			}
		}
	}

	@Test
	void aRecreatedSourceTopicIsATopicReset() {
		String topic = unique("reset");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 100, "none", 0);
		UUID mirror = link(Map.of("topic.config.sync.ms", "1000")).mirror(topic, topic);
		TopicPartition tp = new TopicPartition(topic, 0);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 100);
		String oldId = (String) control.mirror(mirror).get("source_topic_id");

		KafkaTopics.delete(source(), topic);
		eventually().ignoreExceptions().untilAsserted(() -> KafkaTopics.create(source(), topic, 1, Map.of()));
		KafkaTopics.produceVaried(source(), topic, 1, 30, "none", 1_000);

		eventually().until(() -> "TOPIC_RESET".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("deleted and recreated")
			.contains(oldId);
		assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.latest())).as("nothing of the new topic is written")
			.isEqualTo(100);

		control.request(mirror, "PENDING", null);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 130);
		assertThat(control.mirror(mirror).get("source_topic_id")).isNotEqualTo(oldId);
	}

}
