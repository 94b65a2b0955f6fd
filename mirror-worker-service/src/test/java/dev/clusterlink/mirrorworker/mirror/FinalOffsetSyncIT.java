package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.testsupport.TestConsumers;
import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.mirrorworker.support.SimpleDataSource;
import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The final consumer-offset sync of the worker's stop step (DESIGN.md §5), with the code
 * of the offset-sync service and no offset-sync service running: promote puts the
 * mirror's groups exactly where they are on the source before the mirror is STOPPED;
 * after a failover with a reachable source, a consumer of the synced group reads on the
 * destination exactly the records after its source position, nothing skipped, nothing
 * read twice.
 */
class FinalOffsetSyncIT extends WorkerIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void promoteRunsTheFinalSyncBeforeStopped() throws Exception {
		String topic = unique("orders");
		KafkaTopics.create(source(), topic, 2, Map.of());
		KafkaTopics.produceVaried(source(), topic, 2, 200, "none", 0);
		String groups = unique("promote");
		TestLink link = link(syncing(groups));
		// a mirror with a name of its own: topics are mapped through the mirror, not a
		// prefix
		String mirrorTopic = "migrated-" + topic;
		UUID mirror = link.mirror(topic, mirrorTopic);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).hasSize(2)
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));

		String group = groups + "-app";
		String other = unique("unselected");
		commit(group, Map.of(new TopicPartition(topic, 0), 60L, new TopicPartition(topic, 1), 75L), "meta");
		commit(other, Map.of(new TopicPartition(topic, 0), 10L), "");

		control.request(mirror, "PENDING_STOPPED", "PROMOTE");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));

		Map<TopicPartition, OffsetAndMetadata> synced = committed(destination(), group);
		assertThat(synced).containsOnlyKeys(new TopicPartition(mirrorTopic, 0), new TopicPartition(mirrorTopic, 1));
		assertThat(synced.get(new TopicPartition(mirrorTopic, 0)).offset()).isEqualTo(60);
		assertThat(synced.get(new TopicPartition(mirrorTopic, 1)).offset()).isEqualTo(75);
		assertThat(synced.get(new TopicPartition(mirrorTopic, 1)).metadata()).isEqualTo("meta");
		assertThat(committed(destination(), other)).as("not selected by the group filters").isEmpty();

		Map<?, ?> report = JSON.readValue((String) control.mirror(mirror).get("report"), Map.class);
		assertThat(report.get("stoppedBy")).isEqualTo("PROMOTE");
		assertThat((String) report.get("finalOffsetSync")).isEqualTo("synced 1 group(s), 2 offset(s) written");
		SyncedGroup recorded = new OffsetSyncStore(new SimpleDataSource(TestPostgres.database()))
			.group(link.id(), group)
			.orElseThrow();
		assertThat(recorded.failoverReady()).isTrue();
	}

	@Test
	void afterFailoverAConsumerOfTheSyncedGroupReadsExactlyTheRecordsAfterItsSourcePosition() {
		String topic = unique("payments");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 100, "none", 0);
		String groups = unique("failover");
		TestLink link = link(syncing(groups));
		UUID mirror = link.mirror(topic, topic);
		TopicPartition tp = new TopicPartition(topic, 0);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 100);

		// a consumer of the group processes 40 records on the source, committing each
		String group = groups + "-billing";
		List<ConsumerRecord<byte[], byte[]>> processed = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(source(), group, topic, "earliest")) {
			consume(consumer, processed, 40);
		}
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 100);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 150);

		control.request(mirror, "PENDING_STOPPED", "FAILOVER");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));
		Map<?, ?> report = JSON.readValue((String) control.mirror(mirror).get("report"), Map.class);
		assertThat(report.get("sourceReachable")).isEqualTo(true);
		assertThat((String) report.get("finalOffsetSync")).isEqualTo("synced 1 group(s), 1 offset(s) written");

		// the consumer moves to the destination with the same group: no offset reset
		List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(destination(), group, topic, "none")) {
			consume(consumer, read, 110);
		}
		List<ConsumerRecord<byte[], byte[]>> expected = KafkaTopics.readAll(source(), tp).subList(40, 150);
		assertThat(read.get(0).offset()).as("the record after the last one processed on the source").isEqualTo(40);
		for (int i = 0; i < expected.size(); i++) {
			KafkaTopics.assertSameRecord(expected.get(i), read.get(i), expected.get(i).offset());
		}
		assertThat(read.get(0).offset()).as("nothing processed on the source is read again (IDENTICAL offsets)")
			.isEqualTo(processed.get(processed.size() - 1).offset() + 1);
	}

	private static Map<String, String> syncing(String groupPrefix) {
		return Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "600000",
				"consumer.offset.group.filters", "{\"groupFilters\":[{\"name\":\"" + groupPrefix
						+ "-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}");
	}

	private static void commit(String group, Map<TopicPartition, Long> offsets, String metadata) {
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset, metadata)));
		try (KafkaConsumer<byte[], byte[]> consumer = subscriber(source(), group, null, "none")) {
			consumer.commitSync(commits, Duration.ofSeconds(30));
		}
	}

	private static Map<TopicPartition, OffsetAndMetadata> committed(String bootstrap, String group) throws Exception {
		try (Admin admin = KafkaTopics.admin(bootstrap)) {
			Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
					admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
			offsets.values().removeIf(java.util.Objects::isNull);
			return offsets;
		}
	}

	private static KafkaConsumer<byte[], byte[]> subscriber(String bootstrap, String group, String topic,
			String offsetReset) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
		if (topic != null) {
			consumer.subscribe(List.of(topic));
		}
		return consumer;
	}

	/** Processes records until {@code total} are processed, committing after each. */
	private static void consume(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> into,
			int total) {
		TestConsumers.consumeCommitting(eventually(), consumer, into, total);
	}

}
