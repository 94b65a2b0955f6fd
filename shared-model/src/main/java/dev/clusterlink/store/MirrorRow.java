package dev.clusterlink.store;

import java.util.UUID;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.StoppedBy;
import org.jspecify.annotations.Nullable;

/**
 * A mirror topic as the data-plane services read it from the state store.
 *
 * @param id mirror id
 * @param linkId its link
 * @param linkName its link's name
 * @param name the mirror topic on the destination
 * @param sourceTopic the source topic
 * @param state the mirror state
 * @param stateReason why it is in that state
 * @param stoppedBy PROMOTE or FAILOVER once stopping
 * @param sourceTopicId the source topic id recorded at setup (null before)
 * @param version the mirror version
 * @param adoptsDestination whether the mirror was created by a reverse (failback): its
 * destination topic exists and already holds, at identical offsets, every record before
 * the start offset recorded for each partition, and is adopted as it is (DESIGN.md §5)
 */
public record MirrorRow(UUID id, UUID linkId, String linkName, String name, String sourceTopic, MirrorState state,
		@Nullable String stateReason, @Nullable StoppedBy stoppedBy, @Nullable String sourceTopicId, long version,
		boolean adoptsDestination) {

	/** A mirror created the usual way, into a topic the link creates. */
	public MirrorRow(UUID id, UUID linkId, String linkName, String name, String sourceTopic, MirrorState state,
			@Nullable String stateReason, @Nullable StoppedBy stoppedBy, @Nullable String sourceTopicId, long version) {
		this(id, linkId, linkName, name, sourceTopic, state, stateReason, stoppedBy, sourceTopicId, version, false);
	}

}
