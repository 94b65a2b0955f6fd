package dev.clusterlink.mirrorworker.mirror;

import java.util.UUID;

/** A write was refused because this worker no longer holds the mirror's lease. */
class LeaseLostException extends RuntimeException {

	LeaseLostException(UUID mirrorId) {
		super("the lease of mirror " + mirrorId + " is no longer held by this worker");
	}

}
