package dev.clusterlink.runtime.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.ClusterEndpointRefusedException;
import dev.clusterlink.runtime.kafka.guard.ClusterEndpointGuard;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds Kafka client configs for a registered cluster. Operator properties come first,
 * from the allow-list; the settings that replication safety depends on are set last and
 * cannot be overridden.
 * <p>
 * Invariant: no config of a registered cluster leaves this class before the
 * {@link ClusterEndpointGuard} has vetted its bootstrap endpoints (DESIGN.md §11), so a
 * client is never pointed at a denied network or at a listener that is not Kafka. Every
 * method may throw {@link ClusterEndpointRefusedException}.
 */
public final class KafkaClientFactory {

	private KafkaClientFactory() {
	}

	/**
	 * Admin client config.
	 * @param cluster the cluster
	 * @param clientId the client id (shows in broker logs)
	 * @param timeout the timeout of each admin call
	 * @return the config map
	 */
	public static Map<String, Object> adminConfig(ClusterConnection cluster, String clientId, Duration timeout) {
		Map<String, Object> config = common(cluster, clientId);
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
		config.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 10_000));
		config.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis, 10_000));
		return config;
	}

	/**
	 * Creates an admin client.
	 * @param cluster the cluster
	 * @param clientId the client id
	 * @param timeout the timeout of each admin call
	 * @return a new admin client; the caller closes it
	 */
	public static Admin admin(ClusterConnection cluster, String clientId, Duration timeout) {
		return Admin.create(adminConfig(cluster, clientId, timeout));
	}

	/**
	 * Config of a consumer that reads raw records by explicit assignment: no group, no
	 * auto commit, and {@code auto.offset.reset=none} so that an out-of-range position
	 * fails instead of skipping.
	 * @param cluster the cluster
	 * @param clientId the client id
	 * @return the config map
	 */
	public static Map<String, Object> rawConsumerConfig(ClusterConnection cluster, String clientId) {
		Map<String, Object> config = common(cluster, clientId);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		return config;
	}

	/**
	 * Config of an idempotent producer of raw records with {@code acks=all}.
	 * @param cluster the cluster
	 * @param clientId the client id
	 * @return the config map
	 */
	public static Map<String, Object> rawProducerConfig(ClusterConnection cluster, String clientId) {
		Map<String, Object> config = common(cluster, clientId);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return config;
	}

	/**
	 * Vets a cluster's bootstrap endpoints now (cached), e.g. before building a client
	 * inside a map's {@code compute}, where a probe would block other keys.
	 * @param cluster the cluster
	 * @throws ClusterEndpointRefusedException when a client must not be built for it
	 */
	public static void vet(ClusterConnection cluster) {
		ClusterEndpointGuard.installed().vet(cluster);
	}

	private static Map<String, Object> common(ClusterConnection cluster, String clientId) {
		vet(cluster);
		Map<String, Object> config = new HashMap<>(cluster.properties());
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
		config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
		return config;
	}

}
