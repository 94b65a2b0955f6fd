package dev.clusterlink.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * How to reach a registered Kafka cluster: its bootstrap servers and client properties,
 * secrets already decrypted. Never log the properties; {@link #toString()} shows only
 * their keys.
 *
 * @param name the registered cluster name
 * @param bootstrapServers the bootstrap list
 * @param properties allow-listed client properties (see {@link ClientPropertyPolicy})
 */
public record ClusterConnection(String name, String bootstrapServers, Map<String, String> properties) {

	public ClusterConnection {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(bootstrapServers, "bootstrapServers");
		properties = Map.copyOf(properties);
	}

	@Override
	public String toString() {
		return "ClusterConnection[name=" + this.name + ", bootstrapServers=" + this.bootstrapServers + ", properties="
				+ this.properties.keySet() + "]";
	}

}
