package dev.clusterlink.linkmanager.cluster;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A cluster to register or update.
 *
 * @param name the cluster name (required on create; must match the path on update)
 * @param bootstrapServers comma-separated host:port list
 * @param properties allow-listed Kafka client properties; secret values may be sent back
 * as {@code [hidden]} on update to keep the stored value
 * @param version on update, the version the change is based on (409 when it is stale)
 * @param acceptInsecureSasl whether the operator accepts {@code SASL_PLAINTEXT}
 * (credentials sent in the clear); required for such a cluster. On update, absent keeps
 * the stored value
 */
public record ClusterRequest(@Nullable String name, @Nullable String bootstrapServers,
		@Nullable Map<String, String> properties, @Nullable Long version, @Nullable Boolean acceptInsecureSasl) {

	/**
	 * Shows property keys only: requests carry secrets, and frameworks log request
	 * objects at DEBUG.
	 */
	@Override
	public String toString() {
		return "ClusterRequest[name=" + this.name + ", bootstrapServers=" + this.bootstrapServers + ", propertyKeys="
				+ ((this.properties != null) ? this.properties.keySet() : "[]") + ", version=" + this.version
				+ ", acceptInsecureSasl=" + this.acceptInsecureSasl + "]";
	}

}
