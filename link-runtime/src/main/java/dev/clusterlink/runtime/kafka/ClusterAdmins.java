package dev.clusterlink.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.runtime.store.StateStoreReader;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka clients of registered clusters: one Admin client per cluster, rebuilt when
 * the cluster's version changes (new bootstrap servers or credentials), closed with this
 * object, and the cluster's connection for the clients a caller builds itself (the mirror
 * worker's consumers and producers). The links of one cluster share its Admin client
 * (mirror worker, offset sync and ACL sync). Safe for use by any thread.
 */
public final class ClusterAdmins implements AutoCloseable {

	private final StateStoreReader reader;

	private final String clientId;

	private final Duration adminTimeout;

	private final Map<UUID, Cached> admins = new ConcurrentHashMap<>();

	/**
	 * Creates the cache.
	 * @param reader where the clusters are registered
	 * @param clientId the clients' id prefix (the cluster name is added)
	 * @param adminTimeout the bound of each Admin call
	 */
	public ClusterAdmins(StateStoreReader reader, String clientId, Duration adminTimeout) {
		this.reader = reader;
		this.clientId = clientId;
		this.adminTimeout = adminTimeout;
	}

	/**
	 * The client of a cluster.
	 * @param clusterId the registered cluster
	 * @return its client, with the values to hide in error messages
	 */
	public Target get(UUID clusterId) {
		long version = this.reader.clusterVersion(clusterId);
		Cached current = this.admins.get(clusterId);
		if (current == null || current.version() != version) {
			vet(this.reader.cluster(clusterId)); // probe outside compute: it may take
													// seconds
		}
		Cached cached = this.admins.compute(clusterId, (id, existing) -> {
			if (existing != null && existing.version() == version) {
				return existing;
			}
			if (existing != null) {
				existing.target().admin().close(Duration.ZERO);
			}
			ClusterConnection connection = this.reader.cluster(clusterId);
			Target target;
			try {
				target = new Target(connection.name(), KafkaClientFactory.admin(connection,
						this.clientId + "-" + connection.name(), this.adminTimeout), connection.properties().values());
			}
			catch (RuntimeException ex) {
				// e.g. a config the client rejects: never let its message carry a secret
				throw new IllegalStateException("no Admin client for cluster '" + connection.name() + "': "
						+ KafkaErrors.describe(ex, connection.properties().values()));
			}
			return new Cached(version, target);
		});
		return cached.target();
	}

	private static void vet(ClusterConnection connection) {
		try {
			KafkaClientFactory.vet(connection);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("no Admin client for cluster '" + connection.name() + "': "
					+ KafkaErrors.describe(ex, connection.properties().values()));
		}
	}

	/**
	 * The Admin client of a cluster, each call bounded by the admin timeout.
	 * @param clusterId the registered cluster
	 * @return its shared client (never close it)
	 */
	public Admin admin(UUID clusterId) {
		return get(clusterId).admin();
	}

	/**
	 * How to reach a cluster, secrets decrypted: for the clients a caller builds and
	 * closes itself.
	 * @param clusterId the registered cluster
	 * @return its connection
	 */
	public ClusterConnection connection(UUID clusterId) {
		return this.reader.cluster(clusterId);
	}

	/** Forgets the client of a cluster (it changed). */
	public void evict(UUID clusterId) {
		Cached cached = this.admins.remove(clusterId);
		if (cached != null) {
			cached.target().admin().close(Duration.ZERO);
		}
	}

	@Override
	public void close() {
		this.admins.keySet().forEach(this::evict);
	}

	/**
	 * A cluster's client.
	 *
	 * @param name the registered cluster name
	 * @param admin the client
	 * @param secrets property values that must never appear in a message
	 */
	public record Target(String name, Admin admin, Collection<String> secrets) {

		/** A failure of a call to this cluster as one line without secrets. */
		public String describe(Throwable failure) {
			return KafkaErrors.describe(failure, this.secrets);
		}

	}

	private record Cached(long version, Target target) {
	}

}
