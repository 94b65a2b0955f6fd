package dev.clusterlink.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of a topic, read from its log start to the end offsets of the moment, by
 * partition and offset, without a consumer group.
 *
 * @param topic the topic
 * @param partitions per partition, the records in offset order
 */
record TopicContents(String topic, Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions) {

	/** Reads a topic with committed (not aborted) records only. */
	static TopicContents read(String bootstrap, String topic) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
				partitions.add(new TopicPartition(topic, info.partition()));
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records = new TreeMap<>();
			partitions.forEach((partition) -> records.put(partition.partition(), new ArrayList<>()));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (!reachedEnds(consumer, ends)) {
				if (System.nanoTime() > deadline) {
					throw new StackException("could not read " + topic + " to its end within 2 minutes");
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
						records.get(record.partition()).add(record);
					}
				}
			}
			return new TopicContents(topic, records);
		}
	}

	int size() {
		return this.partitions.values().stream().mapToInt(List::size).sum();
	}

	/**
	 * The differences to another copy: a record missing, extra, or at the same partition
	 * and offset but with another key, value, timestamp or headers. Empty when both are
	 * identical at the same offsets.
	 */
	List<String> differencesTo(TopicContents other) {
		List<String> differences = new ArrayList<>();
		for (int partition : this.partitions.keySet()) {
			Map<Long, ConsumerRecord<byte[], byte[]>> theirs = new HashMap<>();
			other.partitions.getOrDefault(partition, List.of()).forEach((r) -> theirs.put(r.offset(), r));
			for (ConsumerRecord<byte[], byte[]> mine : this.partitions.get(partition)) {
				ConsumerRecord<byte[], byte[]> copy = theirs.remove(mine.offset());
				String difference = (copy != null) ? difference(mine, copy) : "missing";
				if (difference != null) {
					differences.add(this.topic + "-" + partition + "@" + mine.offset() + ": " + difference);
				}
			}
			theirs.keySet()
				.stream()
				.sorted()
				.forEach((offset) -> differences.add(other.topic + "-" + partition + "@" + offset + ": extra record"));
		}
		other.partitions.keySet()
			.stream()
			.filter((partition) -> !this.partitions.containsKey(partition))
			.forEach((partition) -> differences.add(other.topic + "-" + partition + ": extra partition"));
		return differences;
	}

	private static String difference(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
		if (!Arrays.equals(a.key(), b.key())) {
			return "other key";
		}
		if (!Arrays.equals(a.value(), b.value())) {
			return "other value";
		}
		if (a.timestamp() != b.timestamp() || a.timestampType() != b.timestampType()) {
			return "other timestamp";
		}
		if (!sameHeaders(a.headers().toArray(), b.headers().toArray())) {
			return "other headers";
		}
		return null;
	}

	private static boolean sameHeaders(Header[] a, Header[] b) {
		if (a.length != b.length) {
			return false;
		}
		for (int i = 0; i < a.length; i++) {
			if (!a[i].key().equals(b[i].key()) || !Arrays.equals(a[i].value(), b[i].value())) {
				return false;
			}
		}
		return true;
	}

	private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

}
