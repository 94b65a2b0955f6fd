package dev.clusterlink.linkmanager.link;

import java.util.Map;

import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.linkmanager.cluster.ClusterCheckResponse;

/**
 * The answer to {@code POST /links?validateOnly=true}: the link would be created as
 * shown. Nothing was written.
 *
 * @param name the link name
 * @param validateOnly always true
 * @param sourceCluster what the source cluster answered
 * @param destinationCluster what the destination cluster answered
 * @param configs the effective configs the link would have
 */
public record LinkValidationResponse(String name, boolean validateOnly, ClusterCheckResponse sourceCluster,
		ClusterCheckResponse destinationCluster, Map<String, LinkConfigs.EffectiveValue> configs) {
}
