package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Waits until a mirror reaches a goal, drawing a progress line (state, lag, records/s,
 * ETA) on each poll. Stops with a non-zero exit code when the mirror halts in a
 * fail-closed state or when the timeout passes.
 */
class Waiter {

	/**
	 * States in which a mirror writes nothing until an operator acts (README "Fail-closed
	 * states").
	 */
	static final Set<String> FAIL_CLOSED = Set.of("DATA_LOSS", "TOPIC_RESET", "OFFSET_DIVERGED", "FAILED");

	enum Goal {

		/** ACTIVE with lag 0: the initial copy has caught up. */
		CAUGHT_UP,

		/** STOPPED: promoted or failed over, writable. */
		STOPPED

	}

	/** Sleeps between polls; tests advance a fake clock instead. */
	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final ProgressLine progress;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	private final Duration interval;

	Waiter(ProgressLine progress, LongSupplier nanoTime, Sleeper sleeper, Duration interval) {
		this.progress = progress;
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
		this.interval = interval;
	}

	static Waiter system(PrintWriter err, boolean console) {
		return new Waiter(new ProgressLine(err, console), System::nanoTime, (d) -> Thread.sleep(d.toMillis()),
				Duration.ofSeconds(1));
	}

	/**
	 * Polls until the goal, a fail-closed state or the timeout.
	 * @return the exit code: {@link ExitCodes#OK}, {@link ExitCodes#FAIL_CLOSED},
	 * {@link ExitCodes#TIMEOUT} or {@link ExitCodes#API_ERROR} (a promotion that went
	 * back to ACTIVE)
	 */
	int await(String label, Supplier<JsonNode> poll, Goal goal, Duration timeout) {
		long start = this.nanoTime.getAsLong();
		Sample previous = null;
		boolean sawStopping = false;
		while (true) {
			JsonNode mirror = poll.get();
			long now = this.nanoTime.getAsLong();
			Sample sample = Sample.of(mirror, now);
			this.progress.update(label + ": " + sample.describe(previous));
			String state = sample.state();
			if (FAIL_CLOSED.contains(state)) {
				this.progress.done();
				this.progress.error("error: mirror-halted: " + label + " is " + state + ": "
						+ mirror.path("stateReason").asString("no reason given")
						+ "; read it with 'clusterlink mirror describe', then failover, delete, or resume --acknowledge-data-loss");
				return ExitCodes.FAIL_CLOSED;
			}
			sawStopping |= state.equals("PENDING_STOPPED");
			if (goal == Goal.STOPPED && state.equals("STOPPED")
					|| goal == Goal.CAUGHT_UP && state.equals("ACTIVE") && sample.lag() != null && sample.lag() == 0) {
				this.progress.done();
				return ExitCodes.OK;
			}
			if (goal == Goal.STOPPED && sawStopping && state.equals("ACTIVE")) {
				this.progress.done();
				this.progress.error("error: promotion-timed-out: " + label
						+ " went back to ACTIVE (the worker's mirror.promote.timeout.ms passed before lag 0): "
						+ mirror.path("stateReason").asString(""));
				return ExitCodes.API_ERROR;
			}
			Duration waited = Duration.ofNanos(now - start);
			if (waited.compareTo(timeout) >= 0) {
				this.progress.done();
				this.progress.error("error: timeout: " + label + " is still " + state + " after "
						+ Durations.human(timeout) + " (--timeout)");
				return ExitCodes.TIMEOUT;
			}
			previous = sample;
			try {
				this.sleeper.sleep(this.interval);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliException(ExitCodes.TIMEOUT, "interrupted while waiting for " + label);
			}
		}
	}

	/**
	 * One poll: the state, the total lag and the mirrored offsets over all partitions.
	 */
	record Sample(String state, @Nullable Long lag, long mirrored, int partitions, long nanos) {

		static Sample of(JsonNode mirror, long nanos) {
			Long lag = null;
			long mirrored = 0;
			int partitions = 0;
			for (JsonNode partition : mirror.path("partitions")) {
				partitions++;
				if (partition.path("lag").isNumber()) {
					lag = ((lag != null) ? lag : 0) + partition.path("lag").asLong();
				}
				mirrored += partition.path("mirroredOffset").asLong(0);
			}
			if (lag == null && mirror.path("maxLag").isNumber()) {
				lag = mirror.path("maxLag").asLong();
			}
			return new Sample(mirror.path("state").asString("UNKNOWN"), lag, mirrored, partitions, nanos);
		}

		String describe(@Nullable Sample previous) {
			StringBuilder line = new StringBuilder(this.state);
			line.append(", lag ").append((this.lag != null) ? String.format(Locale.ROOT, "%,d", this.lag) : "unknown");
			if (this.partitions > 0) {
				line.append(" (")
					.append(this.partitions)
					.append((this.partitions == 1) ? " partition)" : " partitions)");
			}
			if (previous != null && this.nanos > previous.nanos && this.partitions > 0) {
				double seconds = (this.nanos - previous.nanos) / 1e9;
				double rate = Math.max(0, this.mirrored - previous.mirrored) / seconds;
				line.append(String.format(Locale.ROOT, ", %,.0f records/s", rate));
				if (this.lag != null && this.lag > 0) {
					line.append(", ETA ")
						.append((rate > 0) ? Durations.human(Duration.ofSeconds((long) Math.ceil(this.lag / rate)))
								: "unknown");
				}
			}
			return line.toString();
		}

	}

	/**
	 * A progress line: redrawn in place with {@code \r} on a console, one line per update
	 * otherwise (logs, CI).
	 */
	static class ProgressLine {

		private final PrintWriter err;

		private final boolean redraw;

		private int width;

		private boolean open;

		ProgressLine(PrintWriter err, boolean redraw) {
			this.err = err;
			this.redraw = redraw;
		}

		void update(String line) {
			if (this.redraw) {
				this.err.print("\r" + line + " ".repeat(Math.max(0, this.width - line.length())));
				this.width = line.length();
				this.open = true;
			}
			else {
				this.err.println(line);
			}
			this.err.flush();
		}

		void done() {
			if (this.open) {
				this.err.println();
				this.err.flush();
				this.open = false;
				this.width = 0;
			}
		}

		void error(String line) {
			done();
			this.err.println(line);
			this.err.flush();
		}

	}

}
