package dev.clusterlink.linkmanager.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.LinkManagerProperties;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The link manager's Admin API access to registered clusters. One cached Admin client per
 * cluster version; every call is bounded by
 * {@code clusterlink.link-manager.admin-timeout}; failures come back as
 * {@link ClusterUnavailableException} with secrets removed from the reason.
 */
@Component
public class ClusterGateway implements DisposableBean {

	private final ClusterRepository clusters;

	private final SecretCipher cipher;

	private final LinkManagerProperties properties;

	private final Map<UUID, CachedAdmin> admins = new ConcurrentHashMap<>();

	ClusterGateway(ClusterRepository clusters, SecretCipher cipher, LinkManagerProperties properties) {
		this.clusters = clusters;
		this.cipher = cipher;
		this.properties = properties;
	}

	/**
	 * Describes a cluster.
	 * @param clusterId the registered cluster
	 * @return reachable with id and broker count, or not reachable with the reason
	 */
	public ClusterProbe probe(UUID clusterId) {
		Target target;
		try {
			target = target(clusterId);
		}
		catch (ClientRefusedException ex) {
			// no client for this cluster (e.g. the endpoint guard refused it): not
			// reachable,
			// with the refusal's fixed text
			return new ClusterProbe(false, null, null, ex.reason(), false);
		}
		try {
			DescribeClusterResult result = target.admin().describeCluster();
			String kafkaClusterId = result.clusterId().get(timeoutMillis(), TimeUnit.MILLISECONDS);
			int brokers = result.nodes().get(timeoutMillis(), TimeUnit.MILLISECONDS).size();
			return new ClusterProbe(true, kafkaClusterId, brokers, null, false);
		}
		catch (Exception ex) {
			return new ClusterProbe(false, null, null, target.describe(ex), KafkaErrors.isAuthFailure(ex));
		}
	}

	/**
	 * Describes a topic.
	 * @param clusterId the registered cluster
	 * @param topic the topic name
	 * @return its description, or empty when the topic does not exist
	 * @throws ClusterUnavailableException when the cluster does not answer
	 */
	public Optional<TopicDescription> describeTopic(UUID clusterId, String topic) {
		Target target = target(clusterId);
		try {
			return Optional.of(target.admin()
				.describeTopics(List.of(topic))
				.topicNameValues()
				.get(topic)
				.get(timeoutMillis(), TimeUnit.MILLISECONDS));
		}
		catch (Exception ex) {
			if (KafkaErrors.unwrap(ex) instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw target.unavailable(ex);
		}
	}

	/**
	 * Lists the topics of a cluster, internal ones excluded.
	 * @param clusterId the registered cluster
	 * @return topic names
	 * @throws ClusterUnavailableException when the cluster does not answer
	 */
	public Set<String> listTopics(UUID clusterId) {
		Target target = target(clusterId);
		try {
			return target.admin()
				.listTopics(new ListTopicsOptions().listInternal(false))
				.names()
				.get(timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw target.unavailable(ex);
		}
	}

	/**
	 * Deletes a topic; a topic that is already gone is fine.
	 * @param clusterId the registered cluster
	 * @param topic the topic name
	 * @throws ClusterUnavailableException when the cluster does not answer or refuses
	 */
	public void deleteTopic(UUID clusterId, String topic) {
		Target target = target(clusterId);
		try {
			target.admin().deleteTopics(List.of(topic)).all().get(timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (!(KafkaErrors.unwrap(ex) instanceof UnknownTopicOrPartitionException)) {
				throw target.unavailable(ex);
			}
		}
	}

	/**
	 * Runs any Admin API call against a registered cluster with the cached client,
	 * bounded by the admin timeout; for features that need calls this class does not
	 * offer.
	 * @param clusterId the registered cluster
	 * @param call the call, returning the future of its result
	 * @param <T> the result type
	 * @return the result
	 * @throws ClusterUnavailableException when the cluster does not answer or refuses
	 */
	public <T> T call(UUID clusterId, java.util.function.Function<Admin, org.apache.kafka.common.KafkaFuture<T>> call) {
		Target target = target(clusterId);
		try {
			return call.apply(target.admin()).get(timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw target.unavailable(ex);
		}
	}

	/**
	 * The first offset and the end offset of each partition of a topic.
	 * @param clusterId the registered cluster
	 * @param partitions the partitions
	 * @return per partition {@code [start, end]}
	 * @throws ClusterUnavailableException when the cluster does not answer or refuses
	 */
	public Map<TopicPartition, long[]> logBounds(UUID clusterId, Collection<TopicPartition> partitions) {
		Map<TopicPartition, ListOffsetsResultInfo> starts = call(clusterId,
				(admin) -> admin
					.listOffsets(
							partitions.stream().collect(Collectors.toMap((tp) -> tp, (tp) -> OffsetSpec.earliest())))
					.all());
		Map<TopicPartition, ListOffsetsResultInfo> ends = call(clusterId,
				(admin) -> admin
					.listOffsets(partitions.stream().collect(Collectors.toMap((tp) -> tp, (tp) -> OffsetSpec.latest())))
					.all());
		Map<TopicPartition, long[]> bounds = new HashMap<>();
		for (TopicPartition tp : partitions) {
			bounds.put(tp, new long[] { starts.get(tp).offset(), ends.get(tp).offset() });
		}
		return bounds;
	}

	/**
	 * A registered cluster's connection, vetted, for a feature that runs its own
	 * short-lived clients (build them with {@link KafkaClientFactory}; describe their
	 * failures with {@link KafkaErrors#describe} and the connection's secret values).
	 * @param clusterId the registered cluster
	 * @return the connection, secrets decrypted
	 * @throws ClusterUnavailableException when no client may be built for it
	 */
	public ClusterConnection connection(UUID clusterId) {
		ClusterEntity cluster = this.clusters.findById(clusterId)
			.orElseThrow(() -> new ClusterNotFoundException(clusterId.toString()));
		ClusterConnection connection = ClusterSecrets.connection(cluster, this.cipher);
		createClient(connection, () -> {
			KafkaClientFactory.vet(connection);
			return null;
		});
		return connection;
	}

	/**
	 * The record at an offset, read by a short-lived consumer of its own (assigned, no
	 * group, {@code read_uncommitted}).
	 * @param clusterId the registered cluster
	 * @param tp the partition
	 * @param offset the offset
	 * @return the record, or empty when there is none at that offset (a marker, or
	 * deleted)
	 * @throws ClusterUnavailableException when the cluster does not answer in time
	 */
	public Optional<ConsumerRecord<byte[], byte[]>> recordAt(UUID clusterId, TopicPartition tp, long offset) {
		ClusterConnection connection = connection(clusterId);
		Map<String, Object> config = KafkaClientFactory.rawConsumerConfig(connection,
				"clusterlink-link-manager-" + connection.name());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		Duration timeout = this.properties.adminTimeout();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.assign(List.of(tp));
			consumer.seek(tp, offset);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(200)).records(tp);
				if (!records.isEmpty()) {
					ConsumerRecord<byte[], byte[]> record = records.get(0);
					return (record.offset() == offset) ? Optional.of(record) : Optional.empty();
				}
				if (consumer.position(tp, timeout) > offset) {
					return Optional.empty();
				}
			}
			throw new ClusterUnavailableException(connection.name(),
					"reading " + tp + " at offset " + offset + " took longer than " + timeout.toSeconds() + " s");
		}
		catch (OffsetOutOfRangeException ex) {
			return Optional.empty();
		}
		catch (org.apache.kafka.common.KafkaException ex) {
			throw new ClusterUnavailableException(connection.name(),
					KafkaErrors.describe(ex, connection.properties().values()));
		}
	}

	/**
	 * The config of a raw consumer of a registered cluster (byte arrays, explicit
	 * assignment, no group, no auto commit), built from the same connection properties as
	 * the Admin client and vetted by the endpoint guard; for readers such as the mirror
	 * verifier, which create and close their own consumers.
	 * @param clusterId the registered cluster
	 * @param clientId the client id (shows in broker logs)
	 * @return a new, mutable config map
	 * @throws ClusterUnavailableException when no client may be built for the cluster
	 */
	public Map<String, Object> consumerConfig(UUID clusterId, String clientId) {
		ClusterConnection connection = connection(clusterId);
		return new HashMap<>(
				createClient(connection, () -> KafkaClientFactory.rawConsumerConfig(connection, clientId)));
	}

	/** Forgets the cached client of a cluster (after an update or delete). */
	void evict(UUID clusterId) {
		CachedAdmin cached = this.admins.remove(clusterId);
		if (cached != null) {
			cached.admin().close(java.time.Duration.ZERO);
		}
	}

	@Override
	public void destroy() {
		this.admins.keySet().forEach(this::evict);
	}

	private Target target(UUID clusterId) {
		ClusterEntity cluster = this.clusters.findById(clusterId)
			.orElseThrow(() -> new ClusterNotFoundException(clusterId.toString()));
		ClusterConnection connection = ClusterSecrets.connection(cluster, this.cipher);
		CachedAdmin current = this.admins.get(clusterId);
		if (current == null || current.version() != cluster.version()) {
			// probe outside compute, which would block other clusters' keys for seconds
			createClient(connection, () -> {
				KafkaClientFactory.vet(connection);
				return null;
			});
		}
		CachedAdmin cached = this.admins.compute(clusterId, (id, existing) -> {
			if (existing != null && existing.version() == cluster.version()) {
				return existing;
			}
			if (existing != null) {
				existing.admin().close(java.time.Duration.ZERO);
			}
			return new CachedAdmin(cluster.version(), createClient(connection, () -> KafkaClientFactory
				.admin(connection, "clusterlink-link-manager-" + cluster.name(), this.properties.adminTimeout())));
		});
		return new Target(cluster.name(), cached.admin(), connection.properties().values());
	}

	/**
	 * Runs a client creation; a refusal (the endpoint guard, a config the client rejects)
	 * becomes a {@link ClusterUnavailableException} whose reason has no secret, instead
	 * of a 500.
	 */
	private static <T> T createClient(ClusterConnection connection, java.util.function.Supplier<T> creation) {
		try {
			return creation.get();
		}
		catch (org.apache.kafka.common.KafkaException ex) {
			throw new ClientRefusedException(connection.name(),
					KafkaErrors.describe(ex, connection.properties().values()));
		}
	}

	private long timeoutMillis() {
		return this.properties.adminTimeout().toMillis() + 1_000;
	}

	private static void restoreInterrupt(Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
	}

	private record CachedAdmin(long version, Admin admin) {
	}

	private record Target(String name, Admin admin, java.util.Collection<String> secrets) {

		String describe(Exception ex) {
			restoreInterrupt(ex);
			return KafkaErrors.describe(ex, this.secrets);
		}

		ClusterUnavailableException unavailable(Exception ex) {
			return new ClusterUnavailableException(this.name, describe(ex));
		}

	}

	/** No client could be built for a cluster; the message has no secret. */
	static final class ClientRefusedException extends ClusterUnavailableException {

		private final String reason;

		ClientRefusedException(String cluster, String reason) {
			super(cluster, reason);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
