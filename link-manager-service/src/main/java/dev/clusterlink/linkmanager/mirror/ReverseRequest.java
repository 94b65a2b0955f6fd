package dev.clusterlink.linkmanager.mirror;

import org.jspecify.annotations.Nullable;

/**
 * A reverse (failback) of a stopped mirror.
 *
 * @param reverseLink the link that mirrors back: its source cluster is the stopped
 * mirror's destination cluster and its destination cluster the stopped mirror's source
 * cluster
 */
public record ReverseRequest(@Nullable String reverseLink) {
}
