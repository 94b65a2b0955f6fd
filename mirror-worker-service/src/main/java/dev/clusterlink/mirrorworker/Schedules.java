package dev.clusterlink.mirrorworker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic tasks that never end their schedule: a task of a
 * {@link java.util.concurrent.ScheduledExecutorService} that throws is never run again,
 * so every periodic task of the worker runs through {@link #guarded}, which logs the
 * failure with the operation's name and lets the next round run (DESIGN.md §9).
 */
public final class Schedules {

	private static final Logger log = LoggerFactory.getLogger(Schedules.class);

	private Schedules() {
	}

	/**
	 * The task, catching everything it throws.
	 * @param what the operation, for the log
	 * @param task the periodic task
	 * @return a task that never throws
	 */
	public static Runnable guarded(String what, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("{} failed, retried on the next round: {}", what, ex.toString());
			}
			catch (Error ex) {
				// the schedule must go on; the error is logged with its trace
				log.error("{} failed, retried on the next round", what, ex);
			}
		};
	}

}
