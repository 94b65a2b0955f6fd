package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter between attempts that failed in a row (AWS's
 * "full jitter": a uniform wait between zero and the capped exponential), so that the
 * pipelines of many workers retrying against a cluster that is down neither spin nor
 * retry in step.
 */
final class Backoff {

	private final long initialNanos;

	private final long maxNanos;

	private final DoubleSupplier random;

	private int failures;

	Backoff(Duration initial, Duration max) {
		this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param random uniform in [0, 1)
	 */
	Backoff(Duration initial, Duration max, DoubleSupplier random) {
		this.initialNanos = initial.toNanos();
		this.maxNanos = max.toNanos();
		this.random = random;
	}

	/**
	 * Counts a failure.
	 * @return how long to wait before the next attempt: at least a tenth of the initial
	 * wait, at most the cap
	 */
	Duration next() {
		this.failures = Math.min(this.failures + 1, 62);
		long ceiling = this.initialNanos;
		for (int i = 1; i < this.failures && ceiling < this.maxNanos; i++) {
			ceiling *= 2;
		}
		ceiling = Math.min(ceiling, this.maxNanos);
		long floor = this.initialNanos / 10;
		long jittered = floor + (long) (this.random.getAsDouble() * (ceiling - floor));
		return Duration.ofNanos(jittered);
	}

	/** Failures in a row so far. */
	int failures() {
		return this.failures;
	}

	/** An attempt succeeded: the next failure waits the initial time again. */
	void reset() {
		this.failures = 0;
	}

}
