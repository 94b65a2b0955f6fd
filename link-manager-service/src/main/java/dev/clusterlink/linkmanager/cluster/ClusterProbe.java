package dev.clusterlink.linkmanager.cluster;

import org.jspecify.annotations.Nullable;

/**
 * What a cluster answered to a describe call.
 *
 * @param reachable whether it answered in time
 * @param clusterId its Kafka cluster id, when reachable
 * @param brokerCount its number of brokers, when reachable
 * @param error why not, when unreachable (secrets removed)
 * @param authFailure whether the failure is about credentials or permissions
 */
public record ClusterProbe(boolean reachable, @Nullable String clusterId, @Nullable Integer brokerCount,
		@Nullable String error, boolean authFailure) {

	ClusterCheckResponse toResponse() {
		return new ClusterCheckResponse(this.reachable, this.clusterId, this.brokerCount, this.error);
	}

}
