package dev.clusterlink.mirrorworker.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.clusterlink.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Admin API calls the worker makes, each bounded by a timeout. */
public final class Topics {

	private Topics() {
	}

	/**
	 * Describes a topic.
	 * @param admin the cluster
	 * @param topic the topic
	 * @param timeout the bound
	 * @return its description, or empty when it does not exist
	 */
	public static Optional<TopicDescription> describe(Admin admin, String topic, Duration timeout) {
		return describe(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), timeout);
	}

	/**
	 * Waits for one topic's answer of a {@code describeTopics} call.
	 * @param description the topic's future
	 * @param timeout the bound
	 * @return its description, or empty when it does not exist
	 */
	public static Optional<TopicDescription> describe(KafkaFuture<TopicDescription> description, Duration timeout) {
		try {
			return Optional.of(get(description, timeout));
		}
		catch (AdminFailure ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * The configs set explicitly on a topic (not defaults).
	 * @param admin the cluster
	 * @param topic the topic
	 * @param timeout the bound
	 * @return config to value
	 */
	public static Map<String, String> explicitConfigs(Admin admin, String topic, Duration timeout) {
		return explicit(configs(admin, List.of(topic)).get(topic), timeout);
	}

	/**
	 * Describes the configs of several topics in one request.
	 * @param admin the cluster
	 * @param topics the topics
	 * @return topic to its answer (see {@link #explicit})
	 */
	public static Map<String, KafkaFuture<Config>> configs(Admin admin, Collection<String> topics) {
		List<ConfigResource> resources = topics.stream()
			.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
			.toList();
		Map<String, KafkaFuture<Config>> configs = new HashMap<>();
		admin.describeConfigs(resources).values().forEach((resource, config) -> configs.put(resource.name(), config));
		return configs;
	}

	/**
	 * Waits for a topic's configs and keeps those set explicitly on it (not defaults).
	 * @param answer the topic's answer of a {@code describeConfigs} call
	 * @param timeout the bound
	 * @return config to value
	 */
	public static Map<String, String> explicit(KafkaFuture<Config> answer, Duration timeout) {
		Config config = get(answer, timeout);
		Map<String, String> explicit = new HashMap<>();
		for (ConfigEntry entry : config.entries()) {
			if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
				explicit.put(entry.name(), entry.value());
			}
		}
		return explicit;
	}

	/**
	 * Offsets of partitions.
	 * @param admin the cluster
	 * @param partitions the partitions
	 * @param spec earliest, latest or a timestamp
	 * @param timeout the bound
	 * @return partition to offset
	 */
	public static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec,
			Duration timeout) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((tp) -> request.put(tp, spec));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(
				admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), timeout);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((tp, info) -> offsets.put(tp, info.offset()));
		return offsets;
	}

	/**
	 * Waits for an admin future.
	 * @param future the future
	 * @param timeout the bound
	 * @param <T> the result type
	 * @return the result
	 * @throws AdminFailure carrying the cause
	 */
	public static <T> T get(KafkaFuture<T> future, Duration timeout) {
		try {
			return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AdminFailure(ex);
		}
		catch (ExecutionException ex) {
			throw new AdminFailure(KafkaErrors.unwrap(ex));
		}
		catch (TimeoutException ex) {
			throw new AdminFailure(new org.apache.kafka.common.errors.TimeoutException("no answer within " + timeout));
		}
	}

	/** An Admin API call failed; the cause is the Kafka exception. */
	public static final class AdminFailure extends RuntimeException {

		AdminFailure(Throwable cause) {
			super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
		}

	}

}
