package dev.clusterlink.command;

import java.time.Instant;
import java.util.UUID;

/**
 * A mirror topic was created, changed state (pause, resume, promote, failover) or was
 * deleted; also sent for every mirror of a link or cluster that changed, so that the
 * mirror's owner reconciles.
 *
 * @param entityId the mirror id
 * @param entityVersion the mirror version after the change
 * @param timestamp when the change was committed
 * @param change upsert or delete
 * @param link the link name
 * @param mirror the mirror topic name
 */
public record MirrorChanged(UUID entityId, long entityVersion, Instant timestamp, Change change, String link,
		String mirror) implements Command {

	@Override
	public String key() {
		return Ownership.mirrorKey(this.link, this.mirror);
	}

}
