package dev.clusterlink.linkmanager.mirror;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket without a burst, shared by every verification of the process: each
 * {@link #acquire} reserves its permits at the configured rate and sleeps until they are
 * due, so that all verifications together read at most {@code permitsPerSecond}.
 */
final class RecordPacer {

	private final long nanosPerPermit;

	private long nextFree = System.nanoTime();

	RecordPacer(int permitsPerSecond) {
		this.nanosPerPermit = TimeUnit.SECONDS.toNanos(1) / permitsPerSecond;
	}

	/**
	 * Waits until {@code permits} more records may be read.
	 * @param permits records just read
	 * @throws InterruptedException when interrupted while waiting
	 */
	void acquire(int permits) throws InterruptedException {
		long wait;
		synchronized (this) {
			long now = System.nanoTime();
			this.nextFree = Math.max(this.nextFree, now);
			wait = this.nextFree - now;
			this.nextFree += permits * this.nanosPerPermit;
		}
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

}
