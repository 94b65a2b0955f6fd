package dev.clusterlink.linkmanager.link;

import java.util.Map;
import java.util.UUID;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.model.LinkState;

/**
 * A link as other features of the link manager see it.
 *
 * @param id the link id
 * @param name the link name
 * @param sourceClusterId the source cluster
 * @param destinationClusterId the destination cluster
 * @param state the link state
 * @param configs the configs the link sets
 * @param version the link version
 */
public record LinkView(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId, LinkState state,
		Map<String, String> configs, long version) {

	/** The typed effective configs. */
	public LinkConfig config() {
		return LinkConfig.of(this.configs);
	}

}
