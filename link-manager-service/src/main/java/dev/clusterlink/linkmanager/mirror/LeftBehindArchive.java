package dev.clusterlink.linkmanager.mirror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.LinkManagerProperties;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.cluster.ClusterUnavailableException;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.stereotype.Component;

/**
 * Copies the records an old source topic took after its mirror stopped — the ones a
 * failover left behind — to an archive topic on the same cluster, and reads the archive
 * back to verify every record before anything is deleted (issue 13, after-disaster
 * failback). The archive keeps each record's key, value, headers and timestamp, adds a
 * header {@value #ORIGINAL_OFFSET} with its offset in the old topic, is created with
 * {@code cleanup.policy=delete} and {@code retention.ms=-1} (nothing ages out), and has
 * the old topic's partition count: partition {@code p} archives partition {@code p}.
 */
@Component
class LeftBehindArchive {

	/** The header naming a record's offset in the old topic. */
	static final String ORIGINAL_OFFSET = "clusterlink.left-behind.offset";

	private final ClusterGateway gateway;

	private final Duration timeout;

	LeftBehindArchive(ClusterGateway gateway, LinkManagerProperties properties) {
		this.gateway = gateway;
		this.timeout = properties.adminTimeout();
	}

	/**
	 * Creates the archive topic: the old topic's partition count and replication factor,
	 * {@code cleanup.policy=delete}, {@code retention.ms=-1}.
	 * @param clusterId the old source cluster
	 * @param archive the archive topic (must not exist)
	 * @param partitions partitions of the old topic
	 * @param replicationFactor replication factor of the old topic
	 */
	void create(UUID clusterId, String archive, int partitions, short replicationFactor) {
		this.gateway.call(clusterId,
				(admin) -> admin.createTopics(List.of(new NewTopic(archive, partitions, replicationFactor)
					.configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1")))).all());
	}

	/**
	 * Appends ranges of the old topic to the archive and verifies them: each partition's
	 * new records are read back from where the archive partition ended before.
	 * @param clusterId the old source cluster
	 * @param topic the old source topic
	 * @param archive the archive topic
	 * @param ranges per partition of the old topic, {@code [from, to)} to archive
	 * @return records archived, all verified
	 * @throws ClusterUnavailableException when a step fails (the caller deletes nothing)
	 */
	long append(UUID clusterId, String topic, String archive, Map<Integer, long[]> ranges) {
		ClusterConnection connection = this.gateway.connection(clusterId);
		long archived = 0;
		try {
			for (Map.Entry<Integer, long[]> range : ranges.entrySet()) {
				int partition = range.getKey();
				long from = range.getValue()[0];
				long to = range.getValue()[1];
				if (from >= to) {
					continue;
				}
				TopicPartition archived0 = new TopicPartition(archive, partition);
				long archiveEnd = this.gateway.logBounds(clusterId, List.of(archived0)).get(archived0)[1];
				List<ConsumerRecord<byte[], byte[]>> originals = read(connection, new TopicPartition(topic, partition),
						from, to);
				write(connection, archive, partition, originals);
				List<ConsumerRecord<byte[], byte[]>> copies = read(connection, archived0, archiveEnd,
						archiveEnd + originals.size());
				verify(topic, partition, originals, copies);
				archived += originals.size();
			}
		}
		catch (org.apache.kafka.common.KafkaException | ArchiveMismatch ex) {
			throw new ClusterUnavailableException(connection.name(),
					"archiving the records left behind in " + topic + " to " + archive
							+ " failed; nothing was deleted: "
							+ KafkaErrors.describe(ex, connection.properties().values()));
		}
		return archived;
	}

	/** The records of {@code [from, to)} (fewer when some offsets hold no record). */
	private List<ConsumerRecord<byte[], byte[]>> read(ClusterConnection connection, TopicPartition tp, long from,
			long to) {
		Map<String, Object> config = KafkaClientFactory.rawConsumerConfig(connection,
				"clusterlink-link-manager-archive");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.assign(List.of(tp));
			consumer.seek(tp, from);
			long idleDeadline = System.nanoTime() + this.timeout.toNanos();
			while (consumer.position(tp, this.timeout) < to) {
				List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(Duration.ofMillis(200)).records(tp);
				if (!polled.isEmpty()) {
					idleDeadline = System.nanoTime() + this.timeout.toNanos();
				}
				else if (System.nanoTime() > idleDeadline) {
					throw new org.apache.kafka.common.errors.TimeoutException(
							"reading " + tp + " stalled at offset " + consumer.position(tp, this.timeout));
				}
				polled.stream().filter((record) -> record.offset() < to).forEach(records::add);
			}
		}
		return records;
	}

	private void write(ClusterConnection connection, String archive, int partition,
			List<ConsumerRecord<byte[], byte[]>> originals) {
		Map<String, Object> config = KafkaClientFactory.rawProducerConfig(connection,
				"clusterlink-link-manager-archive");
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			for (ConsumerRecord<byte[], byte[]> original : originals) {
				RecordHeaders headers = new RecordHeaders(original.headers().toArray());
				headers.add(ORIGINAL_OFFSET, Long.toString(original.offset()).getBytes(StandardCharsets.UTF_8));
				sent.add(producer.send(new ProducerRecord<>(archive, partition, original.timestamp(), original.key(),
						original.value(), headers)));
			}
			for (Future<RecordMetadata> result : sent) {
				result.get(this.timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
			}
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new org.apache.kafka.common.KafkaException("writing the archive failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new org.apache.kafka.common.KafkaException("interrupted while writing the archive", ex);
		}
	}

	/** Every original is in the archive, in order, with the same content. */
	private static void verify(String topic, int partition, List<ConsumerRecord<byte[], byte[]>> originals,
			List<ConsumerRecord<byte[], byte[]>> copies) {
		if (copies.size() != originals.size()) {
			throw new ArchiveMismatch("partition " + partition + " of the archive holds " + copies.size() + " records, "
					+ topic + " left " + originals.size() + " behind");
		}
		for (int i = 0; i < originals.size(); i++) {
			ConsumerRecord<byte[], byte[]> original = originals.get(i);
			ConsumerRecord<byte[], byte[]> copy = copies.get(i);
			Header offset = copy.headers().lastHeader(ORIGINAL_OFFSET);
			boolean same = Arrays.equals(original.key(), copy.key()) && Arrays.equals(original.value(), copy.value())
					&& original.timestamp() == copy.timestamp() && offset != null
					&& Long.toString(original.offset()).equals(new String(offset.value(), StandardCharsets.UTF_8))
					&& sameHeaders(original.headers().toArray(), copy.headers().toArray());
			if (!same) {
				throw new ArchiveMismatch("partition " + partition + ": the archived copy of offset "
						+ original.offset() + " differs from the original");
			}
		}
	}

	/** The copy's headers are the original's, in order, then the offset header. */
	private static boolean sameHeaders(Header[] original, Header[] copy) {
		if (copy.length != original.length + 1) {
			return false;
		}
		for (int i = 0; i < original.length; i++) {
			if (!original[i].key().equals(copy[i].key()) || !Arrays.equals(original[i].value(), copy[i].value())) {
				return false;
			}
		}
		return true;
	}

	/** The archive read back is not what was written. */
	private static final class ArchiveMismatch extends RuntimeException {

		ArchiveMismatch(String message) {
			super(message);
		}

	}

}
