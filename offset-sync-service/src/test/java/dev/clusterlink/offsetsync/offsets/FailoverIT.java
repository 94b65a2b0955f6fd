package dev.clusterlink.offsetsync.offsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.testsupport.TestConsumers;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a failover without a final sync (the source is gone), a consumer of the synced
 * group on the destination reads exactly the records after the group's last synced source
 * position: nothing skipped, and the only re-reads are what the source group consumed
 * after the last round (one interval at most).
 */
class FailoverIT extends OffsetSyncIT {

	@Test
	void aConsumerOfTheSyncedGroupSkipsNothingAndReReadsOnlyTheLastInterval() {
		OffsetSyncInstance.shared();
		String groups = unique("failover");
		Link link = createLink(syncing(groups));
		MirrorFixture mirror = mirror(link, unique("payments"), 1);
		// a transactional source: TRANSLATED, the hardest mode to resume in
		Kafka.produceTransactions(Kafka.source(), mirror.sourceTopic(), 0, 10, 10);
		mirror.copyAll(0);
		String group = groups + "-billing";

		// a real consumer of the group on the source processes 40 records
		List<ConsumerRecord<byte[], byte[]>> processed = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(Kafka.source(), group, mirror.sourceTopic(),
				"earliest")) {
			consume(consumer, processed, 40);
		}
		long synced = processed.get(39).offset() + 1;
		eventually().untilAsserted(() -> assertThat(recorded(link, group)).isNotNull().satisfies((recorded) -> {
			assertThat(recorded.partitions().get(0).sourceOffset()).isEqualTo(synced);
			assertThat(recorded.failoverReady()).isTrue();
		}));
		long syncedOnDestination = Kafka.committed(Kafka.destination(), group, mirror.destination(0));

		// the disaster: offset sync and the source stop; the consumer had processed 25
		// more
		OffsetSyncInstance.stopShared();
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(Kafka.source(), group, mirror.sourceTopic(),
				"earliest")) {
			consume(consumer, processed, 65);
		}
		mirror.state("STOPPED", "FAILOVER");

		// the consumer moves to the destination with the same group
		List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(Kafka.destination(), group, mirror.mirrorTopic(),
				"none")) {
			consume(consumer, read, 100 - 40);
		}
		assertThat(Kafka.text(read.get(0).value())).as("the first record read is the one after the synced position")
			.isEqualTo(Kafka.text(Kafka.read(Kafka.source(), mirror.source(0), synced).get(0).value()));
		assertThat(read.get(0).offset()).isEqualTo(syncedOnDestination);
		List<String> expected = Kafka.read(Kafka.source(), mirror.source(0), synced)
			.stream()
			.map((record) -> Kafka.text(record.value()))
			.toList();
		assertThat(read.stream().map((record) -> Kafka.text(record.value())).toList())
			.as("every record after the synced position, in order, nothing skipped")
			.containsExactlyElementsOf(expected);
		long reread = read.stream()
			.map((record) -> Kafka.text(record.value()))
			.filter(processed.stream().map((record) -> Kafka.text(record.value())).toList()::contains)
			.count();
		assertThat(reread).as("re-read: what the source group processed after the last round").isEqualTo(65 - 40);
	}

	private static KafkaConsumer<byte[], byte[]> subscriber(String bootstrap, String group, String topic,
			String offsetReset) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// on the destination "none": without a synced offset the consumer fails, never
		// starts somewhere by itself
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
		consumer.subscribe(List.of(topic));
		return consumer;
	}

	/** Processes records until {@code total} are processed, committing after each. */
	private static void consume(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> into,
			int total) {
		TestConsumers.consumeCommitting(eventually(), consumer, into, total);
	}

}
