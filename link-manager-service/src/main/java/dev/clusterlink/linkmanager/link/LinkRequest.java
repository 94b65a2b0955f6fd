package dev.clusterlink.linkmanager.link;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A link to create.
 *
 * @param name the link name
 * @param sourceCluster the registered cluster to mirror from
 * @param destinationCluster the registered cluster to mirror to
 * @param configs link configs (Confluent names); values may be strings, numbers, booleans
 * or, for filters, JSON objects
 */
public record LinkRequest(@Nullable String name, @Nullable String sourceCluster, @Nullable String destinationCluster,
		@Nullable Map<String, Object> configs) {
}
