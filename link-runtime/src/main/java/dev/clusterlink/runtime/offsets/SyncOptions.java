package dev.clusterlink.runtime.offsets;

import java.time.Duration;

/**
 * How one sync runs.
 *
 * @param timeout the bound of each Admin call
 * @param lockWait how long to wait when another sync of the link is running
 * @param finalSync whether this is the final sync of a promote or failover: STOPPED
 * mirrors are synced too, and the destination end is the mirrored position
 */
public record SyncOptions(Duration timeout, Duration lockWait, boolean finalSync) {

	/** A periodic round: gives way at once to a sync that is running. */
	public static SyncOptions periodic(Duration timeout) {
		return new SyncOptions(timeout, Duration.ZERO, false);
	}

	/**
	 * The final sync of a mirror being stopped: waits for a running round to finish.
	 */
	public static SyncOptions finalSync(Duration timeout) {
		return new SyncOptions(timeout, timeout.multipliedBy(6).plusSeconds(5), true);
	}

}
