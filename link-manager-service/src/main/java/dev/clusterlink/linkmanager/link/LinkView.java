package dev.clusterlink.linkmanager.link;

import java.util.Map;
import java.util.UUID;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.model.LinkState;

/**
 * A link as other features of the link manager see it: one direction of it. A
 * bidirectional link has two, stored as two link rows; both views carry the link's name.
 *
 * @param id the id of the row of this direction
 * @param name the link name (as users know it, for both directions)
 * @param sourceClusterId the source cluster of this direction
 * @param destinationClusterId the destination cluster of this direction
 * @param state the state of this direction's row
 * @param configs the configs the link sets
 * @param version the version of this direction's row
 * @param direction which direction of the link this is
 * @param rowName the name of the row in the store, which commands carry ({@code name} for
 * the forward direction)
 * @param bidirectional whether the link has both directions
 */
public record LinkView(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId, LinkState state,
		Map<String, String> configs, long version, LinkDirection direction, String rowName, boolean bidirectional) {

	/** A unidirectional link. */
	public LinkView(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId, LinkState state,
			Map<String, String> configs, long version) {
		this(id, name, sourceClusterId, destinationClusterId, state, configs, version, LinkDirection.FORWARD, name,
				false);
	}

	/** The typed effective configs. */
	public LinkConfig config() {
		return LinkConfig.of(this.configs);
	}

}
