package dev.clusterlink.mirrorworker.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.testsupport.TestAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic helpers for tests: create, produce, read whole partitions, and compare two
 * clusters record by record.
 */
public final class KafkaTopics {

	private KafkaTopics() {
	}

	public static Admin admin(String bootstrap) {
		return TestAdmin.admin(bootstrap);
	}

	/**
	 * Creates a topic and waits until every partition answers on its leader: a producer
	 * that writes to a partition its leader has not opened yet gets NOT_LEADER for its
	 * first batch while a later batch may be appended, and its idempotent retries then
	 * loop on OUT_OF_ORDER_SEQUENCE (a Kafka race at topic creation).
	 */
	public static void create(String bootstrap, String topic, int partitions, Map<String, String> configs) {
		try (Admin admin = admin(bootstrap)) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
				.all()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> all = new java.util.HashMap<>();
			for (int p = 0; p < partitions; p++) {
				all.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			// a topic just created may not be in the metadata yet: ask again
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> admin.listOffsets(all).all().get(10, TimeUnit.SECONDS) != null);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void delete(String bootstrap, String topic) {
		try (Admin admin = admin(bootstrap)) {
			admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void deleteRecordsBefore(String bootstrap, TopicPartition tp, long offset) {
		TestAdmin.deleteRecordsBefore(bootstrap, tp, offset);
	}

	public static long offset(String bootstrap, TopicPartition tp, OffsetSpec spec) {
		return TestAdmin.offset(bootstrap, tp, spec);
	}

	public static KafkaProducer<byte[], byte[]> producer(String bootstrap, String compression) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config);
	}

	/**
	 * Produces records that exercise everything a copy must keep: null keys and values,
	 * headers (repeated keys, null values), explicit timestamps.
	 */
	public static void produceVaried(String bootstrap, String topic, int partitions, int count, String compression,
			long seed) {
		// explicit timestamps from an hour ago: recent enough that retention (7 days by
		// default) leaves them alone; a test that lowers retention.ms keeps it above 1 h
		long base = System.currentTimeMillis() - 3_600_000L;
		try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, compression)) {
			for (int i = 0; i < count; i++) {
				long n = seed + i;
				byte[] key = (n % 7 == 0) ? null : ("key-" + n).getBytes(StandardCharsets.UTF_8);
				byte[] value = (n % 11 == 0) ? null
						: ("value-" + n + "-" + "x".repeat((int) (n % 50))).getBytes(StandardCharsets.UTF_8);
				ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, (int) (n % partitions), base + n,
						key, value);
				if (n % 3 == 0) {
					record.headers().add("h", ("header-" + n).getBytes(StandardCharsets.UTF_8));
					record.headers().add("h", null);
					record.headers().add("other", new byte[] { (byte) n });
				}
				producer.send(record);
			}
			producer.flush();
		}
	}

	/**
	 * Every record of a partition from its log start to its end, read_committed or not.
	 */
	public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, TopicPartition tp,
			IsolationLevel isolation) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.assign(List.of(tp));
			consumer.seekToBeginning(List.of(tp));
			long end = consumer.endOffsets(List.of(tp)).get(tp);
			List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (consumer.position(tp) < end && System.nanoTime() < deadline) {
				records.addAll(consumer.poll(Duration.ofMillis(200)).records(tp));
			}
			return records;
		}
	}

	public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, TopicPartition tp) {
		return readAll(bootstrap, tp, IsolationLevel.READ_COMMITTED);
	}

	/**
	 * Asserts that a destination partition holds exactly the source partition's records
	 * at the same offsets: keys, values, headers and timestamps equal, nothing missing,
	 * nothing extra.
	 */
	public static void assertIdentical(String sourceBootstrap, TopicPartition source, String destinationBootstrap,
			TopicPartition destination) {
		List<ConsumerRecord<byte[], byte[]>> expected = readAll(sourceBootstrap, source);
		List<ConsumerRecord<byte[], byte[]>> actual = readAll(destinationBootstrap, destination);
		assertThat(actual).as("%s has as many records as %s", destination, source).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertSameRecord(expected.get(i), actual.get(i), expected.get(i).offset());
		}
		assertThat(offsetOf(destinationBootstrap, destination, OffsetSpec.latest()))
			.as("%s ends where %s ends", destination, source)
			.isEqualTo(offsetOf(sourceBootstrap, source, OffsetSpec.latest()));
	}

	/** Asserts one copied record: same content, at the expected destination offset. */
	public static void assertSameRecord(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> copy,
			long expectedOffset) {
		String where = "source offset " + source.offset() + " of " + source.topic() + "-" + source.partition();
		assertThat(copy.offset()).as("destination offset of %s", where).isEqualTo(expectedOffset);
		assertThat(copy.key()).as("key at %s", where).isEqualTo(source.key());
		assertThat(copy.value()).as("value at %s", where).isEqualTo(source.value());
		assertThat(copy.timestamp()).as("timestamp at %s", where).isEqualTo(source.timestamp());
		assertThat(headers(copy)).as("headers at %s", where).isEqualTo(headers(source));
	}

	private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
		List<String> headers = new ArrayList<>();
		for (Header header : record.headers()) {
			headers.add(header.key() + "=" + ((header.value() == null) ? "null" : Arrays.toString(header.value())));
		}
		return headers;
	}

	private static long offsetOf(String bootstrap, TopicPartition tp, OffsetSpec spec) {
		return offset(bootstrap, tp, spec);
	}

	public static boolean sameBytes(byte[] a, byte[] b) {
		return Objects.deepEquals(a, b);
	}

}
