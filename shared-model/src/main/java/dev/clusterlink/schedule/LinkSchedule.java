package dev.clusterlink.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

/**
 * When a link's next round is due in a per-link sync loop (ACL sync, consumer offset
 * sync), and its back-off after failures: the wait starts at twice the link's sync
 * interval and doubles up to a ceiling, so a cluster that cannot serve the sync (no
 * authorizer, not reachable) is asked a few times a minute at first and then every few
 * minutes, never in a busy loop. A success resets it, and so does a command (a change an
 * operator made may have fixed the cause). Guarded by the loop: only the tick thread and
 * the one round in flight touch it. Its arithmetic never throws, whatever the interval: a
 * loop that settles a round here must not end its schedule on an overflow.
 */
public final class LinkSchedule {

	private final UUID id;

	private final String name;

	private volatile Instant due = Instant.MIN;

	private volatile int failures;

	private volatile @Nullable Future<?> inFlight;

	public LinkSchedule(UUID id, String name) {
		this.id = id;
		this.name = name;
	}

	public UUID id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public boolean isDue(Instant now) {
		return !now.isBefore(this.due) && !isRunning();
	}

	public boolean isRunning() {
		Future<?> current = this.inFlight;
		return current != null && !current.isDone();
	}

	public @Nullable Future<?> inFlight() {
		return this.inFlight;
	}

	public void started(Future<?> round) {
		this.inFlight = round;
	}

	/**
	 * Run at the next tick, with the back-off started afresh: a command arrived, and an
	 * operator may have fixed something.
	 */
	public void dueNow() {
		this.failures = 0;
		this.due = Instant.MIN;
	}

	public void succeeded(Instant now, Duration interval) {
		this.failures = 0;
		this.due = after(now, interval);
	}

	public void idle(Instant now, Duration recheck) {
		this.failures = 0;
		this.due = after(now, recheck);
	}

	/**
	 * Backs off after a failure.
	 * @return the wait until the next attempt
	 */
	public Duration failed(Instant now, Duration interval, Duration ceiling) {
		this.failures = Math.min(this.failures + 1, 30);
		Duration wait = backoff(interval, this.failures, ceiling);
		this.due = after(now, wait);
		return wait;
	}

	/**
	 * Backs off after a failure with full jitter: the next attempt comes at a random
	 * moment between the link's own interval and the back-off bound, so that links that
	 * fail together (a cluster down) do not retry together.
	 * @param jitter a random number in [0, 1)
	 * @return the bound: the next attempt comes then at the latest
	 */
	public Duration failed(Instant now, Duration interval, Duration ceiling, DoubleSupplier jitter) {
		this.failures = Math.min(this.failures + 1, 30);
		Duration bound = backoff(interval, this.failures, ceiling);
		this.due = after(now, jittered(interval, bound, jitter.getAsDouble()));
		return bound;
	}

	/**
	 * A wait between {@code floor} and {@code bound} (the floor at most the bound),
	 * placed by {@code random} in [0, 1).
	 */
	public static Duration jittered(Duration floor, Duration bound, double random) {
		long high = Math.max(0, saturatedMillis(bound));
		long low = Math.min(Math.max(0, saturatedMillis(floor)), high);
		double placed = Math.min(Math.max(random, 0), 1);
		return Duration.ofMillis(low + (long) ((high - low) * placed));
	}

	/**
	 * {@code interval * 2^failures}, at most {@code ceiling}. Never overflows: a negative
	 * interval counts as zero, and the doubling stops at the ceiling.
	 */
	public static Duration backoff(Duration interval, int failures, Duration ceiling) {
		long limit = Math.max(0, saturatedMillis(ceiling));
		long millis = Math.max(0, saturatedMillis(interval));
		for (int i = 0; i < failures && millis < limit; i++) {
			millis = (millis > Long.MAX_VALUE / 2) ? Long.MAX_VALUE : millis * 2;
		}
		return Duration.ofMillis(Math.min(millis, limit));
	}

	/**
	 * {@code now + wait}, saturated: a wait beyond the end of time is due never (until a
	 * command makes the link due), never an exception that would end the loop.
	 */
	public static Instant after(Instant now, Duration wait) {
		try {
			return now.plus(wait);
		}
		catch (DateTimeException | ArithmeticException ex) {
			return wait.isNegative() ? Instant.MIN : Instant.MAX;
		}
	}

	private static long saturatedMillis(Duration duration) {
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
