package dev.clusterlink.command;

import java.time.Instant;
import java.util.UUID;

/**
 * A link was created, updated (configs, pause, resume, state) or deleted.
 *
 * @param entityId the link id
 * @param entityVersion the link version after the change
 * @param timestamp when the change was committed
 * @param change upsert or delete
 * @param link the link name
 */
public record LinkChanged(UUID entityId, long entityVersion, Instant timestamp, Change change,
		String link) implements Command {

	@Override
	public String key() {
		return Ownership.linkKey(this.link);
	}

}
