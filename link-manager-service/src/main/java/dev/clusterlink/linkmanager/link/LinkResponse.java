package dev.clusterlink.linkmanager.link;

import java.time.Instant;
import java.util.Map;

import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.model.LinkState;
import org.jspecify.annotations.Nullable;

/**
 * A link as the API shows it.
 *
 * @param name the link name
 * @param sourceCluster the source cluster
 * @param destinationCluster the destination cluster
 * @param mode {@code UNIDIRECTIONAL} or {@code BIDIRECTIONAL} ({@code link.mode})
 * @param state the link state
 * @param stateReason why it is in that state, when it is not plainly ACTIVE
 * @param stateChangedAt when it entered the state
 * @param configs every link config with its effective value; {@code isDefault} marks
 * defaults
 * @param mirrorCount the number of mirror topics of the link, both directions
 * @param tasks the status of the link's periodic tasks (ACL sync, consumer-offset sync,
 * topic-config sync), as the services running them report it, for each direction
 * @param version the version (also the ETag)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record LinkResponse(String name, String sourceCluster, String destinationCluster, String mode, LinkState state,
		@Nullable String stateReason, Instant stateChangedAt, Map<String, LinkConfigs.EffectiveValue> configs,
		long mirrorCount, java.util.List<LinkTaskResponse> tasks, long version, Instant createdAt, Instant updatedAt) {
}
