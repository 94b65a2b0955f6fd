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
 */
public record MirrorRow(UUID id, UUID linkId, String linkName, String name, String sourceTopic, MirrorState state,
		@Nullable String stateReason, @Nullable StoppedBy stoppedBy, @Nullable String sourceTopicId, long version) {
}
