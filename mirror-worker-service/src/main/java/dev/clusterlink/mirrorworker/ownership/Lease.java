package dev.clusterlink.mirrorworker.ownership;

import java.util.UUID;

/**
 * The right to write one mirror, held by this worker: the mirror, the epoch the state
 * store granted, and (local, monotonic) when its last successful renewal started. A
 * worker writes only while {@link #canSend(long, long)}: the renewal is recent enough
 * that every record sent now is delivered or failed before the lease can expire in the
 * database.
 */
public final class Lease {

	private final UUID mirrorId;

	private final long epoch;

	private volatile long renewedAtNanos;

	private volatile boolean lost;

	Lease(UUID mirrorId, long epoch, long renewedAtNanos) {
		this.mirrorId = mirrorId;
		this.epoch = epoch;
		this.renewedAtNanos = renewedAtNanos;
	}

	public UUID mirrorId() {
		return this.mirrorId;
	}

	public long epoch() {
		return this.epoch;
	}

	void renewed(long startNanos) {
		this.renewedAtNanos = Math.max(this.renewedAtNanos, startNanos);
	}

	void markLost() {
		this.lost = true;
	}

	/** Whether the lease is known to be gone (not renewed in time, or taken over). */
	public boolean isLost() {
		return this.lost;
	}

	/**
	 * Whether records may be handed to the producer now.
	 * @param nowNanos {@link System#nanoTime()}
	 * @param sendWindowNanos how long after a renewal sending stays allowed
	 * @return true while the lease is held and fresh
	 */
	public boolean canSend(long nowNanos, long sendWindowNanos) {
		return !this.lost && nowNanos - this.renewedAtNanos < sendWindowNanos;
	}

	@Override
	public String toString() {
		return "Lease[" + this.mirrorId + " epoch " + this.epoch + (this.lost ? " lost" : "") + "]";
	}

}
