package dev.clusterlink.linkmanager.mirror;

import org.jspecify.annotations.Nullable;

/**
 * A mirror topic to create.
 *
 * @param sourceTopic the topic on the source cluster
 * @param mirrorTopic the topic to create on the destination; defaults to
 * {@code cluster.link.prefix} followed by the source topic name
 */
public record MirrorRequest(@Nullable String sourceTopic, @Nullable String mirrorTopic) {
}
