package dev.clusterlink.offsetsync.offsets;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * When a link's next round is due, and its back-off after failures: the wait starts at
 * twice {@code consumer.offset.sync.ms} and doubles up to a ceiling, so a cluster that
 * does not answer is asked a few times a minute at first and then every few minutes,
 * never in a busy loop. A success resets it. Guarded by the loop: only the tick thread
 * and the one round in flight touch it.
 */
final class LinkSchedule {

	private final UUID id;

	private final String name;

	private volatile Instant due = Instant.MIN;

	private volatile int failures;

	private volatile @Nullable Future<?> inFlight;

	LinkSchedule(UUID id, String name) {
		this.id = id;
		this.name = name;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	boolean isDue(Instant now) {
		return !now.isBefore(this.due) && !isRunning();
	}

	boolean isRunning() {
		Future<?> current = this.inFlight;
		return current != null && !current.isDone();
	}

	@Nullable Future<?> inFlight() {
		return this.inFlight;
	}

	void started(Future<?> round) {
		this.inFlight = round;
	}

	/**
	 * Run at the next tick (a command arrived, or an operator may have fixed something).
	 */
	void dueNow() {
		this.due = Instant.MIN;
	}

	void succeeded(Instant now, Duration interval) {
		this.failures = 0;
		this.due = now.plus(interval);
	}

	void idle(Instant now, Duration recheck) {
		this.failures = 0;
		this.due = now.plus(recheck);
	}

	/**
	 * Backs off after a failure.
	 * @return the wait until the next attempt
	 */
	Duration failed(Instant now, Duration interval, Duration ceiling) {
		this.failures = Math.min(this.failures + 1, 30);
		Duration wait = backoff(interval, this.failures, ceiling);
		this.due = now.plus(wait);
		return wait;
	}

	/** {@code interval * 2^failures}, at most {@code ceiling}. */
	static Duration backoff(Duration interval, int failures, Duration ceiling) {
		long millis = interval.toMillis();
		for (int i = 0; i < failures && millis < ceiling.toMillis(); i++) {
			millis *= 2;
		}
		return Duration.ofMillis(Math.min(millis, ceiling.toMillis()));
	}

}
