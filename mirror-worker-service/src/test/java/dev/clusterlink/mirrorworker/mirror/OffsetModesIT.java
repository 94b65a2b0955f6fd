package dev.clusterlink.mirrorworker.mirror;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.mirrorworker.support.Translations;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDENTICAL with a filled leading gap, SHIFTED above the fill threshold, TRANSLATED for
 * interior gaps.
 */
class OffsetModesIT extends WorkerIT {

	@Test
	void aLeadingGapIsFilledSoOffsetsStayIdentical() {
		String topic = unique("gap");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 2_000, "lz4", 0);
		TopicPartition tp = new TopicPartition(topic, 0);
		KafkaTopics.deleteRecordsBefore(source(), tp, 1_000);
		UUID mirror = link(Map.of()).mirror(topic, topic);

		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).singleElement()
			.satisfies((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		assertThat(KafkaTopics.offset(destination(), tp, OffsetSpec.earliest())).isEqualTo(1_000);
		KafkaTopics.assertIdentical(source(), tp, destination(), tp);
		assertThat(control.partitions(mirror).get(0)).containsEntry("offset_mode", "IDENTICAL")
			.containsEntry("start_offset", 1_000L);
	}

	@Test
	void aGapAboveTheThresholdIsShiftedByOneDelta() {
		String topic = unique("shift");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 1_500, "none", 0);
		TopicPartition tp = new TopicPartition(topic, 0);
		KafkaTopics.deleteRecordsBefore(source(), tp, 1_000);
		UUID mirror = link(Map.of("mirror.gap.fill.max.records", "500")).mirror(topic, topic);

		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).singleElement()
			.satisfies((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		assertThat(control.partitions(mirror).get(0)).containsEntry("offset_mode", "SHIFTED")
			.containsEntry("offset_delta", 1_000L);
		List<ConsumerRecord<byte[], byte[]>> source = KafkaTopics.readAll(source(), tp);
		List<ConsumerRecord<byte[], byte[]>> copies = KafkaTopics.readAll(destination(), tp);
		assertThat(copies).hasSameSizeAs(source).hasSize(500);
		for (int i = 0; i < source.size(); i++) {
			KafkaTopics.assertSameRecord(source.get(i), copies.get(i), source.get(i).offset() - 1_000);
		}
	}

	@Test
	void aCompactedSourceWithHolesIsTranslatedExactly() {
		String topic = unique("compacted");
		KafkaTopics.create(source(), topic, 1, Map.of("cleanup.policy", "compact", "segment.ms", "100",
				"min.cleanable.dirty.ratio", "0.001", "min.compaction.lag.ms", "0", "delete.retention.ms", "0"));
		TopicPartition tp = new TopicPartition(topic, 0);
		try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(source(), "none")) {
			for (int round = 0; round < 5; round++) {
				for (int key = 0; key < 20; key++) {
					producer.send(new ProducerRecord<>(topic, 0, ("k" + key).getBytes(StandardCharsets.UTF_8),
							("v" + round + "-" + key).getBytes(StandardCharsets.UTF_8)));
				}
				producer.flush();
				sleepPast(150); // lets segment.ms roll the segment on the next append
			}
			producer.send(new ProducerRecord<>(topic, 0, "last".getBytes(StandardCharsets.UTF_8), null));
			producer.flush();
		}
		eventually().atMost(java.time.Duration.ofSeconds(90))
			.until(() -> KafkaTopics.readAll(source(), tp).size() < 101);
		UUID mirror = link(Map.of()).mirror(topic, topic);

		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).singleElement()
			.satisfies((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		assertThat(control.partitions(mirror).get(0)).containsEntry("offset_mode", "TRANSLATED");
		assertThat(control.runs(mirror)).hasSizeGreaterThan(1);
		Translations.assertExactTranslation(mirror, source(), tp, destination(), tp);
	}

	@Test
	void aTransactionalSourceIsTranslatedExactlyAndAbortedRecordsStayBehind() {
		String topic = unique("tx");
		KafkaTopics.create(source(), topic, 1, Map.of());
		TopicPartition tp = new TopicPartition(topic, 0);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source(), ProducerConfig.TRANSACTIONAL_ID_CONFIG,
						unique("tx"), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.initTransactions();
			for (int txn = 0; txn < 10; txn++) {
				producer.beginTransaction();
				for (int i = 0; i < 7; i++) {
					producer.send(new ProducerRecord<>(topic, 0, null,
							("t" + txn + "-" + i).getBytes(StandardCharsets.UTF_8)));
				}
				if (txn % 5 == 2) {
					producer.abortTransaction();
				}
				else {
					producer.commitTransaction();
				}
			}
		}
		UUID mirror = link(Map.of()).mirror(topic, topic);

		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).singleElement()
			.satisfies((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		assertThat(control.partitions(mirror).get(0)).containsEntry("offset_mode", "TRANSLATED");
		Translations.assertExactTranslation(mirror, source(), tp, destination(), tp);
		assertThat(KafkaTopics.readAll(destination(), tp, IsolationLevel.READ_UNCOMMITTED)).hasSize(56)
			.noneMatch((record) -> new String(record.value(), StandardCharsets.UTF_8).startsWith("t2-")
					|| new String(record.value(), StandardCharsets.UTF_8).startsWith("t7-"));
	}

	/**
	 * Lets wall-clock time pass (segment.ms rolls a segment only on an append after it).
	 */
	private static void sleepPast(long millis) {
		org.awaitility.Awaitility.await()
			.pollDelay(java.time.Duration.ofMillis(millis))
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> true);
	}

}
