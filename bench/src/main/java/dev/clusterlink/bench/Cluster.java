package dev.clusterlink.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** One of the two clusters, through one long-lived Admin client. */
final class Cluster implements AutoCloseable {

	private final String bootstrap;

	private final Admin admin;

	Cluster(String bootstrap) {
		this.bootstrap = bootstrap;
		this.admin = Clients.admin(bootstrap);
	}

	String bootstrap() {
		return this.bootstrap;
	}

	/**
	 * Creates topics and waits until the broker serves every partition. Producing at once
	 * would risk KAFKA-15591 (fixed after Kafka 4.2): an idempotent producer's first
	 * request that reaches the broker before the partition exists fails, a later one is
	 * appended, and the first one's records are then rejected until they expire.
	 */
	void createTopics(Collection<String> topics, int partitions) {
		List<NewTopic> requests = new ArrayList<>();
		List<TopicPartition> all = new ArrayList<>();
		for (String topic : topics) {
			requests.add(new NewTopic(topic, partitions, (short) 1));
			all.addAll(partitions(topic, partitions));
		}
		await(this.admin.createTopics(requests).all());
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (true) {
			try {
				endOffsets(all);
				return;
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				BenchStack.sleep(java.time.Duration.ofMillis(100));
			}
		}
	}

	void deleteTopics(Collection<String> topics) {
		await(this.admin.deleteTopics(topics).all());
	}

	/** The sum of the end offsets, 0 while the topic does not exist yet. */
	long endOffsetSumOrZero(Collection<TopicPartition> partitions) {
		try {
			return endOffsetSum(partitions);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
				return 0;
			}
			throw ex;
		}
	}

	/** The sum of the end offsets of the given partitions. */
	long endOffsetSum(Collection<TopicPartition> partitions) {
		return endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
	}

	Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((partition) -> request.put(partition, OffsetSpec.latest()));
		Map<TopicPartition, Long> ends = new HashMap<>();
		await(this.admin.listOffsets(request).all()).forEach((partition, info) -> ends.put(partition, info.offset()));
		return ends;
	}

	static List<TopicPartition> partitions(String topic, int count) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (int p = 0; p < count; p++) {
			partitions.add(new TopicPartition(topic, p));
		}
		return partitions;
	}

	private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
		try {
			return future.get(120, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("no answer from " + "Kafka within 120 s", ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
