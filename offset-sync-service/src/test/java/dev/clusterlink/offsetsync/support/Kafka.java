package dev.clusterlink.offsetsync.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.testsupport.TestAdmin;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The two test clusters as tests use them: topics, records, and consumer groups, with
 * plain Kafka clients.
 */
public final class Kafka {

	private Kafka() {
	}

	public static String source() {
		return TestKafka.sourceBootstrap();
	}

	public static String destination() {
		return TestKafka.destinationBootstrap();
	}

	public static Admin admin(String bootstrap) {
		return TestAdmin.admin(bootstrap);
	}

	public static void createTopic(String bootstrap, String topic, int partitions) {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Produces {@code count} records to one partition; values name the partition and a
	 * sequence.
	 */
	public static void produce(String bootstrap, String topic, int partition, int count) {
		try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, null)) {
			for (int i = 0; i < count; i++) {
				producer.send(record(topic, partition, "v-" + partition + "-" + UUID.randomUUID()));
			}
			producer.flush();
		}
	}

	/**
	 * Produces {@code transactions} committed transactions of {@code size} records each
	 * to one partition: every commit marker takes an offset, so the log has a gap after
	 * each transaction.
	 */
	public static void produceTransactions(String bootstrap, String topic, int partition, int transactions, int size) {
		try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, "tx-" + UUID.randomUUID())) {
			producer.initTransactions();
			for (int t = 0; t < transactions; t++) {
				producer.beginTransaction();
				for (int i = 0; i < size; i++) {
					producer.send(record(topic, partition, "tx-" + t + "-" + i));
				}
				producer.commitTransaction();
			}
		}
	}

	public static void deleteRecordsBefore(String bootstrap, TopicPartition tp, long offset) {
		TestAdmin.deleteRecordsBefore(bootstrap, tp, offset);
	}

	public static long offset(String bootstrap, TopicPartition tp, OffsetSpec spec) {
		return TestAdmin.offset(bootstrap, tp, spec);
	}

	/**
	 * Commits offsets for a group from outside (a consumer that only commits, as tools
	 * and manual-assignment consumers do).
	 */
	public static void commit(String bootstrap, String group, Map<TopicPartition, Long> offsets, String metadata) {
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset, metadata)));
		try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group)) {
			consumer.commitSync(commits, Duration.ofSeconds(30));
		}
	}

	/** A group's committed offsets (partitions without a commit are absent). */
	public static Map<TopicPartition, OffsetAndMetadata> committed(String bootstrap, String group) {
		try (Admin admin = admin(bootstrap)) {
			Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
					admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
			offsets.values().removeIf(java.util.Objects::isNull);
			return offsets;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
				return Map.of();
			}
			throw new IllegalStateException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A group's committed offset of one partition, null when there is none. */
	public static Long committed(String bootstrap, String group, TopicPartition tp) {
		OffsetAndMetadata committed = committed(bootstrap, group).get(tp);
		return (committed != null) ? committed.offset() : null;
	}

	public static void deleteGroup(String bootstrap, String group) {
		try (Admin admin = admin(bootstrap)) {
			admin.deleteConsumerGroups(Set.of(group)).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A consumer of raw records in a group (no auto commit, read_committed). */
	public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		return new KafkaConsumer<>(config);
	}

	/** The records of one partition from {@code from} to its end (read_committed). */
	public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, TopicPartition tp, long from) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.assign(List.of(tp));
			long end = consumer.endOffsets(List.of(tp)).get(tp);
			consumer.seek(tp, from);
			List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (consumer.position(tp) < end && System.nanoTime() < deadline) {
				records.addAll(consumer.poll(Duration.ofMillis(200)).records(tp));
			}
			return records;
		}
	}

	public static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	static KafkaProducer<byte[], byte[]> producer(String bootstrap, String transactionalId) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		if (transactionalId != null) {
			config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		}
		return new KafkaProducer<>(config);
	}

	private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
		return new ProducerRecord<>(topic, partition, ("k-" + value).getBytes(StandardCharsets.UTF_8),
				value.getBytes(StandardCharsets.UTF_8));
	}

}
