package dev.clusterlink.faults.proxy;

import java.time.Duration;

/**
 * The faults a {@link FaultProxy} currently applies, read by its forwarding threads and
 * switched by any thread.
 * <p>
 * Every switch takes effect for the next chunk a pipe forwards; a chunk already being
 * delayed or paced finishes under the setting it started with.
 */
final class Faults {

	private final Object lock = new Object();

	private volatile long latencyNanos;

	private volatile long bytesPerSecond;

	private volatile boolean refusing;

	/** Guarded by {@link #lock}, so that waiting pipes are woken when it turns off. */
	private boolean blackholed;

	long latencyNanos() {
		return this.latencyNanos;
	}

	void latency(Duration latency) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("latency must not be negative: " + latency);
		}
		this.latencyNanos = latency.toNanos();
	}

	/** The limit per direction per connection; 0 means unlimited. */
	long bytesPerSecond() {
		return this.bytesPerSecond;
	}

	void bandwidth(long bytesPerSecond) {
		if (bytesPerSecond < 0) {
			throw new IllegalArgumentException("bandwidth must not be negative: " + bytesPerSecond);
		}
		this.bytesPerSecond = bytesPerSecond;
	}

	boolean refusing() {
		return this.refusing;
	}

	void refuse(boolean refusing) {
		this.refusing = refusing;
	}

	void blackhole(boolean blackholed) {
		synchronized (this.lock) {
			this.blackholed = blackholed;
			this.lock.notifyAll();
		}
	}

	boolean blackholed() {
		synchronized (this.lock) {
			return this.blackholed;
		}
	}

	/** Blocks, without spinning, while the blackhole is on. */
	void awaitFlowing() throws InterruptedException {
		synchronized (this.lock) {
			while (this.blackholed) {
				this.lock.wait();
			}
		}
	}

	void heal() {
		this.latencyNanos = 0;
		this.bytesPerSecond = 0;
		this.refusing = false;
		blackhole(false);
	}

}
