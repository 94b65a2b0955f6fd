package dev.clusterlink.store;

import java.util.Map;
import java.util.UUID;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.model.LinkState;
import org.jspecify.annotations.Nullable;

/**
 * A link as the data-plane services read it from the state store.
 *
 * @param id link id
 * @param name link name
 * @param sourceClusterId source cluster
 * @param destinationClusterId destination cluster
 * @param state link state
 * @param stateReason why, when not plainly ACTIVE
 * @param configs the configs the link sets (defaults are not stored)
 * @param version the link version
 */
public record LinkRow(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId, LinkState state,
		@Nullable String stateReason, Map<String, String> configs, long version) {

	/** The typed effective configs. */
	public LinkConfig config() {
		return LinkConfig.of(this.configs);
	}

	/** Whether the link is paused by an operator (nothing of it runs). */
	public boolean paused() {
		return this.state == LinkState.PAUSED;
	}

}
