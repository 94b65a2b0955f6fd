package dev.clusterlink.model;

/** Why a mirror topic stopped mirroring and became writable. */
public enum StoppedBy {

	/** Planned migration: the mirror caught up with its source before it stopped. */
	PROMOTE,
	/** Disaster recovery: stopped at once, records not yet mirrored were left behind. */
	FAILOVER

}
