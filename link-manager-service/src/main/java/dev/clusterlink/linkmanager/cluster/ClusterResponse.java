package dev.clusterlink.linkmanager.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * A registered cluster. Secret property values read {@code [hidden]}.
 *
 * @param name the cluster name
 * @param bootstrapServers the bootstrap list
 * @param properties the client properties, secrets hidden
 * @param version the version (also the ETag)
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 * @param acceptInsecureSasl whether the operator accepted SASL over plaintext for it
 */
public record ClusterResponse(String name, String bootstrapServers, Map<String, String> properties, long version,
		Instant createdAt, Instant updatedAt, boolean acceptInsecureSasl) {
}
