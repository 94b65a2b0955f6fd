package dev.clusterlink.linkmanager.mirror;

/** Where a verification of a mirror stands. */
public enum VerificationState {

	/** Accepted, waiting for a free verifier thread. */
	QUEUED,
	/** Reading both clusters. */
	RUNNING,
	/** Every record in the range is on the destination, equal, at its mapped offset. */
	MATCHED,
	/** At least one partition has a differing, missing or extra record. */
	MISMATCHED,
	/** The run could not finish (a cluster error, the link manager restarted). */
	FAILED,
	/** Cancelled by an operator. */
	CANCELLED;

	boolean isLive() {
		return this == QUEUED || this == RUNNING;
	}

}
