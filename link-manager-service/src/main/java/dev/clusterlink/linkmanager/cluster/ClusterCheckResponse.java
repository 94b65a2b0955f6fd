package dev.clusterlink.linkmanager.cluster;

import org.jspecify.annotations.Nullable;

/**
 * The result of asking a cluster to describe itself with the Admin API.
 *
 * @param reachable whether it answered in time
 * @param clusterId the Kafka cluster id, when reachable
 * @param brokerCount the number of brokers, when reachable
 * @param error why not, when unreachable (secrets removed)
 */
public record ClusterCheckResponse(boolean reachable, @Nullable String clusterId, @Nullable Integer brokerCount,
		@Nullable String error) {
}
