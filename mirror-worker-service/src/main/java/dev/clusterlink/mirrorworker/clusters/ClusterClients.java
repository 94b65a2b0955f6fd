package dev.clusterlink.mirrorworker.clusters;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import dev.clusterlink.runtime.store.StateStoreReader;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Connections and cached Admin clients of registered clusters, rebuilt when a cluster's
 * version changes (new bootstrap servers or credentials).
 */
@Component
public class ClusterClients implements DisposableBean {

	private final StateStoreReader store;

	private final WorkerProperties properties;

	private final Map<UUID, Cached> admins = new ConcurrentHashMap<>();

	ClusterClients(StateStoreReader store, WorkerProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/** How to reach a cluster, secrets decrypted. */
	public ClusterConnection connection(UUID clusterId) {
		return this.store.cluster(clusterId);
	}

	/**
	 * The cluster's Admin client, bounded by {@code clusterlink.worker.admin-timeout}.
	 */
	public org.apache.kafka.clients.admin.Admin admin(UUID clusterId) {
		ClusterConnection connection = connection(clusterId);
		return this.admins.compute(clusterId, (id, cached) -> {
			if (cached != null && cached.connection().equals(connection)) {
				return cached;
			}
			if (cached != null) {
				cached.admin().close(Duration.ZERO);
			}
			return new Cached(connection,
					KafkaClientFactory.admin(connection,
							"clusterlink-worker-" + this.properties.instanceId() + "-" + connection.name(),
							this.properties.adminTimeout()));
		}).admin();
	}

	@Override
	public void destroy() {
		this.admins.values().forEach((cached) -> cached.admin().close(Duration.ZERO));
		this.admins.clear();
	}

	private record Cached(ClusterConnection connection, org.apache.kafka.clients.admin.Admin admin) {
	}

}
