package dev.clusterlink.faults.traffic;

import java.util.concurrent.TimeUnit;

/**
 * Spreads sends evenly at a rate: says how many are due now and how long until the next
 * one; used by one thread only.
 * <p>
 * Invariant: record {@code n} after a (re)start is due at {@code start + n / rate}
 * seconds. A caller more than one second behind (a send blocked, the thread starved) does
 * not burst to catch up: the schedule starts afresh.
 */
final class Pacer {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final long perSecond;

	private long start;

	/**
	 * Sent since {@link #start}; kept below {@link #perSecond} by moving the start on.
	 */
	private long count;

	Pacer(long perSecond) {
		if (perSecond < 1) {
			throw new IllegalArgumentException("rate must be positive: " + perSecond);
		}
		this.perSecond = perSecond;
		restart();
	}

	/** Starts the schedule afresh now (after a pause, nothing is made up for). */
	void restart() {
		this.start = System.nanoTime();
		this.count = 0;
	}

	/** How many sends are due now. */
	long due() {
		long due = dueBy(System.nanoTime()) - this.count;
		if (due > this.perSecond) {
			restart();
			return 1;
		}
		return Math.max(due, 0);
	}

	/** Counts one send. */
	void sent() {
		this.count++;
		if (this.count == this.perSecond) {
			this.start += SECOND;
			this.count = 0;
		}
	}

	/** Nanoseconds until the next send is due (0 or less: due now). */
	long untilNext() {
		return this.start + this.count * SECOND / this.perSecond - System.nanoTime();
	}

	private long dueBy(long now) {
		long elapsed = now - this.start;
		return (elapsed < 0) ? 0 : elapsed / SECOND * this.perSecond + (elapsed % SECOND) * this.perSecond / SECOND + 1;
	}

}
