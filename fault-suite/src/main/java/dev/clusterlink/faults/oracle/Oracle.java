package dev.clusterlink.faults.oracle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.clusterlink.faults.traffic.AckedPartition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Compares a source topic with its mirror on another cluster at every offset, and checks
 * that acknowledged records are on the source (and so, if identical, on the mirror).
 * <p>
 * What is compared, per partition: the offsets from a start offset up to the end offsets
 * both sides have when the check starts (read_committed: the last stable offsets). The
 * start is, unless {@link #from(Map) given}, the higher of both log start offsets: a
 * mirror that started later, or whose older records retention removed, is compared where
 * both sides still have records. Destination records beyond the source end are
 * {@code EXTRA}. Call it once both sides are quiet (load stopped, mirror caught up):
 * records written during the check are not looked at.
 * <p>
 * Reading uses plain {@code assign()} consumers without a group, one partition at a time,
 * in bounded memory, and never outlasts the {@link #deadline(Duration) deadline}: when it
 * passes, {@link #check()} throws {@link DeadlineExceededException}.
 */
public final class Oracle {

	/** The deadline of a check unless another is set. */
	public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

	private final String sourceBootstrap;

	private final String sourceTopic;

	private final String destinationBootstrap;

	private final String destinationTopic;

	private final Map<Integer, Long> from;

	private final Map<Integer, AckedPartition> acknowledged;

	private final Duration deadline;

	private Oracle(String sourceBootstrap, String sourceTopic, String destinationBootstrap, String destinationTopic,
			Map<Integer, Long> from, Map<Integer, AckedPartition> acknowledged, Duration deadline) {
		this.sourceBootstrap = sourceBootstrap;
		this.sourceTopic = sourceTopic;
		this.destinationBootstrap = destinationBootstrap;
		this.destinationTopic = destinationTopic;
		this.from = Map.copyOf(from);
		this.acknowledged = Map.copyOf(acknowledged);
		this.deadline = deadline;
	}

	/**
	 * An oracle for a source topic and its mirror, with the default start and deadline.
	 */
	public static Oracle compare(String sourceBootstrap, String sourceTopic, String destinationBootstrap,
			String destinationTopic) {
		return new Oracle(sourceBootstrap, sourceTopic, destinationBootstrap, destinationTopic, Map.of(), Map.of(),
				DEFAULT_DEADLINE);
	}

	/**
	 * Explicit start offsets by partition; partitions not in the map keep the default
	 * start.
	 */
	public Oracle from(Map<Integer, Long> startOffsets) {
		return new Oracle(this.sourceBootstrap, this.sourceTopic, this.destinationBootstrap, this.destinationTopic,
				startOffsets, this.acknowledged, this.deadline);
	}

	/**
	 * Acknowledged records (from an {@code AckedLoad}) to find on the source at their
	 * offsets.
	 */
	public Oracle acknowledged(Map<Integer, AckedPartition> records) {
		return new Oracle(this.sourceBootstrap, this.sourceTopic, this.destinationBootstrap, this.destinationTopic,
				this.from, records, this.deadline);
	}

	/** How long a whole check may take. */
	public Oracle deadline(Duration deadline) {
		return new Oracle(this.sourceBootstrap, this.sourceTopic, this.destinationBootstrap, this.destinationTopic,
				this.from, this.acknowledged, deadline);
	}

	/** Reads both sides and compares them; throws if the source topic does not exist. */
	public Verdict check() {
		Deadline deadline = new Deadline(this.deadline);
		try (Consumer<byte[], byte[]> sourceConsumer = consumer(this.sourceBootstrap, "source");
				Consumer<byte[], byte[]> destinationConsumer = consumer(this.destinationBootstrap, "destination")) {
			Ends source = Ends.read(sourceConsumer, this.sourceTopic, deadline);
			Ends destination = Ends.read(destinationConsumer, this.destinationTopic, deadline);
			if (source.ends().isEmpty()) {
				throw new IllegalStateException("the source topic " + this.sourceTopic + " does not exist");
			}
			List<Mismatch> first = new ArrayList<>();
			Map<Integer, PartitionVerdict> verdicts = new TreeMap<>();
			for (int partition : partitions(source, destination)) {
				long start = this.from.getOrDefault(partition,
						Math.max(source.start(partition), destination.start(partition)));
				PartitionReader sourceReader = new PartitionReader(sourceConsumer,
						new TopicPartition(this.sourceTopic, partition), start, source.end(partition));
				PartitionReader destinationReader = new PartitionReader(destinationConsumer,
						new TopicPartition(this.destinationTopic, partition), start, destination.end(partition));
				AckedPartition acked = this.acknowledged.get(partition);
				acked = (acked != null) ? acked.sortedByOffset()
						: AckedPartition.of(partition, new long[0], new long[0], 0);
				verdicts.put(partition,
						new PartitionCheck(sourceReader, destinationReader, acked, deadline, first).run());
			}
			return Verdict.of(verdicts, first);
		}
	}

	private SortedSet<Integer> partitions(Ends source, Ends destination) {
		SortedSet<Integer> partitions = new TreeSet<>(source.ends().keySet());
		partitions.addAll(destination.ends().keySet());
		partitions.addAll(this.acknowledged.keySet());
		return partitions;
	}

	private static Consumer<byte[], byte[]> consumer(String bootstrap, String side) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "oracle-" + side);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * A check that did not finish within its deadline; the message says what it was
	 * reading and how far it got.
	 */
	public static final class DeadlineExceededException extends RuntimeException {

		DeadlineExceededException(Duration deadline, String doing, Throwable cause) {
			super("the oracle's deadline of " + deadline.toMillis() + " ms passed while " + doing, cause);
		}

	}

	/**
	 * The log start and end offsets of a topic's partitions when a check starts (none if
	 * it does not exist).
	 */
	private record Ends(Map<Integer, Long> starts, Map<Integer, Long> ends) {

		static Ends read(Consumer<byte[], byte[]> consumer, String topic, Deadline deadline) {
			List<TopicPartition> partitions = deadline
				.call("listing the partitions of " + topic, (timeout) -> consumer.partitionsFor(topic, timeout))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			return new Ends(
					byPartition(deadline.call("reading the log start offsets of " + topic,
							(timeout) -> consumer.beginningOffsets(partitions, timeout))),
					byPartition(deadline.call("reading the end offsets of " + topic,
							(timeout) -> consumer.endOffsets(partitions, timeout))));
		}

		long start(int partition) {
			return this.starts.getOrDefault(partition, 0L);
		}

		long end(int partition) {
			return this.ends.getOrDefault(partition, 0L);
		}

		private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
			return offsets.entrySet()
				.stream()
				.collect(Collectors.toMap((entry) -> entry.getKey().partition(), Map.Entry::getValue));
		}

	}

}
