package dev.clusterlink.command;

import java.time.Instant;
import java.util.UUID;

/**
 * A registered cluster was created, updated or deleted.
 *
 * @param entityId the cluster id
 * @param entityVersion the cluster version after the change
 * @param timestamp when the change was committed
 * @param change upsert or delete
 * @param cluster the cluster name
 */
public record ClusterChanged(UUID entityId, long entityVersion, Instant timestamp, Change change,
		String cluster) implements Command {

	@Override
	public String key() {
		return Ownership.clusterKey(this.cluster);
	}

}
