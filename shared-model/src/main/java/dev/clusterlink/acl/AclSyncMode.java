package dev.clusterlink.acl;

import dev.clusterlink.config.LinkConfig;

/** How much of the source's ACLs a link copies ({@code acl.sync.mode}). */
public enum AclSyncMode {

	/**
	 * Cannot grant more than the source does: LITERAL ALLOW READ and DESCRIBE ACLs on the
	 * link's mirrored topics only (group READ ACLs on request); never DENY, PREFIXED,
	 * wildcard, WRITE or ALL, and no ALLOW a source DENY could shadow. Mirror topics stay
	 * read-only.
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
