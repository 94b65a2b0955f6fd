package dev.clusterlink.model;

/** State of a cluster link (DESIGN.md §5). */
public enum LinkState {

	/** Both clusters reachable; mirrors and syncs run. */
	ACTIVE,
	/** Paused by an operator: no mirror of the link copies data and no sync runs. */
	PAUSED,
	/** The source cluster did not answer the last availability check. */
	SOURCE_UNAVAILABLE,
	/** The destination cluster did not answer the last availability check. */
	DESTINATION_UNAVAILABLE,
	/** A non-retriable error (authentication, authorization); see the reason. */
	FAILED

}
