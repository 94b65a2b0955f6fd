package dev.clusterlink.mirrorworker.ownership;

import java.util.UUID;

/**
 * The right to write one mirror, held by this worker: the mirror, the epoch the state
 * store granted, and (local, monotonic) when its last successful renewal started.
 *
 * <p>
 * A worker hands records of the mirror to its producer only while {@link #canSend(long)}:
 * less than the send window ({@code lease-ttl − fence-margin}) has passed since the start
 * of the last renewal that succeeded. The renewal started before the database set
 * {@code expires_at = now() + lease-ttl}, so the window closes at least
 * {@code fence-margin} before the lease can expire in database time (DESIGN.md §8).
 */
public final class Lease {

	private final UUID mirrorId;

	private final long epoch;

	private final long sendWindowNanos;

	private final boolean predecessorDrained;

	private volatile long renewedAtNanos;

	private volatile boolean lost;

	private volatile boolean fenced;

	Lease(UUID mirrorId, long epoch, long renewedAtNanos, long sendWindowNanos, boolean predecessorDrained) {
		this.mirrorId = mirrorId;
		this.epoch = epoch;
		this.renewedAtNanos = renewedAtNanos;
		this.sendWindowNanos = sendWindowNanos;
		this.predecessorDrained = predecessorDrained;
	}

	public UUID mirrorId() {
		return this.mirrorId;
	}

	public long epoch() {
		return this.epoch;
	}

	/**
	 * Whether the previous holder released the lease with nothing of the mirror in
	 * flight. When it did not (it crashed, froze, lost the lease, or aborted its producer
	 * with sends of unknown outcome), requests it sent may still be appended: the new
	 * holder settles the destination before writing (DESIGN.md §8).
	 */
	public boolean predecessorDrained() {
		return this.predecessorDrained;
	}

	void renewed(long startNanos) {
		this.renewedAtNanos = Math.max(this.renewedAtNanos, startNanos);
		this.fenced = false;
	}

	void markLost() {
		this.lost = true;
	}

	/** Marks the send window as closed; true the first time after a renewal. */
	boolean markFenced() {
		if (this.fenced) {
			return false;
		}
		this.fenced = true;
		return true;
	}

	/** Whether the lease is known to be gone (not renewed in time, or taken over). */
	public boolean isLost() {
		return this.lost;
	}

	/**
	 * Whether records may be handed to the producer now: the lease is held and its last
	 * renewal is recent. Two volatile reads; called before every send.
	 * @param nowNanos {@link System#nanoTime()}
	 * @return true while the lease is held and fresh
	 */
	public boolean canSend(long nowNanos) {
		return !this.lost && nowNanos - this.renewedAtNanos < this.sendWindowNanos;
	}

	@Override
	public String toString() {
		return "Lease[" + this.mirrorId + " epoch " + this.epoch + (this.lost ? " lost" : "") + "]";
	}

}
