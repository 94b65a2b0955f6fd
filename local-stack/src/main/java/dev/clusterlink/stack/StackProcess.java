package dev.clusterlink.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process the stack started, remembered by PID and start time: the start time tells the
 * process apart from a later one that got the same PID, so {@code down} never signals a
 * process it did not start.
 *
 * @param name what it is ({@code kafka-source}, {@code link-manager}, ...)
 * @param pid its PID
 * @param startedAt its start time as the operating system reports it
 */
public record StackProcess(String name, long pid, Instant startedAt) {

	/** The process, while it is the one the stack started and still runs. */
	public Optional<ProcessHandle> handle() {
		return ProcessHandle.of(this.pid)
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> handle.info().startInstant().map(this::sameStart).orElse(false));
	}

	public boolean isAlive() {
		return handle().isPresent();
	}

	/**
	 * Asks the process to stop ({@code SIGTERM}), and kills it ({@code SIGKILL}) if it
	 * has not stopped within the grace period.
	 * @return whether it had to be killed
	 */
	public boolean stop(Duration grace) {
		Optional<ProcessHandle> handle = handle();
		if (handle.isEmpty()) {
			return false;
		}
		handle.get().destroy();
		if (waitForExit(handle.get(), grace)) {
			return false;
		}
		kill();
		return true;
	}

	/** {@code kill -STOP}: the process is frozen, as in a long GC pause. */
	public void freeze() {
		signal("STOP");
	}

	/** {@code kill -CONT}: a frozen process runs again. */
	public void thaw() {
		signal("CONT");
	}

	private void signal(String signal) {
		if (handle().isEmpty()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new StackException("kill -" + signal + " " + this.pid + " failed");
			}
		}
		catch (java.io.IOException ex) {
			throw new StackException("kill -" + signal + " " + this.pid + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted while signalling " + this.pid);
		}
	}

	/** {@code kill -9}. */
	public void kill() {
		handle().ifPresent((handle) -> {
			handle.destroyForcibly();
			waitForExit(handle, Duration.ofSeconds(30));
		});
	}

	String toLine() {
		return this.name + " " + this.pid + " " + this.startedAt.toEpochMilli();
	}

	static StackProcess fromLine(String line) {
		String[] parts = line.trim().split(" ");
		return new StackProcess(parts[0], Long.parseLong(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2])));
	}

	static StackProcess of(String name, ProcessHandle handle) {
		Instant start = handle.info()
			.startInstant()
			.orElseThrow(() -> new IllegalStateException(
					"the operating system does not report the start time of process " + handle.pid()));
		return new StackProcess(name, handle.pid(), start);
	}

	private boolean sameStart(Instant start) {
		// the start time is reported at clock-tick precision; the millisecond value saved
		// in
		// the PID file may differ by rounding
		return Duration.between(start, this.startedAt).abs().compareTo(Duration.ofSeconds(1)) < 0;
	}

	private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
		try {
			handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return false;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return !handle.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !handle.isAlive();
		}
	}

}
