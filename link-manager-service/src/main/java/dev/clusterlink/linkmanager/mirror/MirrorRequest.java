package dev.clusterlink.linkmanager.mirror;

import org.jspecify.annotations.Nullable;

/**
 * A mirror topic to create.
 *
 * @param sourceTopic the topic on the source cluster
 * @param mirrorTopic the topic to create on the destination; defaults to
 * {@code cluster.link.prefix} followed by the source topic name
 * @param direction {@code forward} (the default): from the link's source cluster to its
 * destination; {@code reverse}: from the destination cluster to the source cluster, only
 * on a bidirectional link
 */
public record MirrorRequest(@Nullable String sourceTopic, @Nullable String mirrorTopic, @Nullable String direction) {

	/** A forward mirror. */
	public MirrorRequest(@Nullable String sourceTopic, @Nullable String mirrorTopic) {
		this(sourceTopic, mirrorTopic, null);
	}

}
