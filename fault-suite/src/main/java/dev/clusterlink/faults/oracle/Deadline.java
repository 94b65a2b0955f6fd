package dev.clusterlink.faults.oracle;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * The moment by which an oracle check must be done, fixed when the check starts.
 * <p>
 * Invariant: no wait a check makes through it ends after that moment, and every check of
 * it after that moment throws {@link Oracle.DeadlineExceededException} saying what was
 * being done.
 */
final class Deadline {

	private final Duration total;

	private final long at;

	Deadline(Duration total) {
		this.total = total;
		this.at = System.nanoTime() + total.toNanos();
	}

	/** Throws if the deadline passed, naming what was being done. */
	void check(Supplier<String> doing) {
		if (remaining().isZero()) {
			throw new Oracle.DeadlineExceededException(this.total, doing.get(), null);
		}
	}

	/** {@code wait}, or less if the deadline comes first. */
	Duration atMost(Duration wait) {
		Duration remaining = remaining();
		return (remaining.compareTo(wait) < 0) ? remaining : wait;
	}

	/**
	 * Runs a Kafka call with the time that is left; its timeout becomes a missed
	 * deadline.
	 */
	<T> T call(String doing, Function<Duration, T> call) {
		check(() -> doing);
		try {
			return call.apply(remaining());
		}
		catch (TimeoutException ex) {
			throw new Oracle.DeadlineExceededException(this.total, doing, ex);
		}
	}

	private Duration remaining() {
		long nanos = this.at - System.nanoTime();
		return (nanos > 0) ? Duration.ofNanos(nanos) : Duration.ZERO;
	}

}
