package dev.clusterlink.acl;

import dev.clusterlink.config.LinkConfig;

/** How much of the source's ACLs a link copies ({@code acl.sync.mode}). */
public enum AclSyncMode {

	/**
	 * As MirrorMaker 2: topic ACLs only (group READ ACLs on request), ALLOW WRITE and
	 * every other ALLOW that changes a topic dropped, ALLOW ALL narrowed to READ and
	 * DESCRIBE, DENY kept. Mirror topics stay read-only.
	 */
	READ_REPLICA,

	/**
	 * For disaster recovery: everything the filters select, WRITE, cluster and
	 * transactional-id ACLs included, so that clients can move over after a failover.
	 */
	FULL;

	/** The mode a link's configs ask for. */
	public static AclSyncMode of(LinkConfig config) {
		return config.fullAclSync() ? FULL : READ_REPLICA;
	}

	/** The config value, {@code read-replica} or {@code full}. */
	public String configValue() {
		return (this == FULL) ? "full" : "read-replica";
	}

}
