package dev.clusterlink.mirrorworker.mirror;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.mirrorworker.Schedules;
import dev.clusterlink.mirrorworker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The {@code mirror-reconciler} thread (DESIGN.md §9): the one thread that changes the
 * registry of running mirrors and pipelines and writes mirror states. Other threads never
 * do it themselves: they {@link #submit} the work here, so every state change of a mirror
 * on this worker happens in one order.
 */
@Component
class ReconcilerThread {

	private static final Logger log = LoggerFactory.getLogger(ReconcilerThread.class);

	private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "mirror-reconciler");
		thread.setDaemon(true);
		return thread;
	});

	private final WorkerProperties properties;

	private volatile Thread current;

	ReconcilerThread(WorkerProperties properties) {
		this.properties = properties;
		this.loop.execute(() -> this.current = Thread.currentThread());
	}

	/** Runs a task on the thread, later (any thread); its failure is logged. */
	void submit(Runnable task) {
		if (!this.loop.isShutdown()) {
			this.loop.execute(Schedules.guarded("reconcile", task));
		}
	}

	/**
	 * Runs a task on the thread and waits for it (a handover: revocation, shutdown),
	 * bounded by three drain timeouts.
	 */
	void runAndWait(Runnable task) {
		if (this.loop.isShutdown()) {
			return;
		}
		Future<?> done = this.loop.submit(Schedules.guarded("handover", task));
		try {
			done.get(this.properties.drainTimeout().toMillis() * 3 + 30_000, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("handover did not finish in time: {}", ex.toString());
		}
	}

	/** Runs a task on the thread every {@code interval} milliseconds. */
	void every(long intervalMillis, Runnable task) {
		this.loop.scheduleWithFixedDelay(Schedules.guarded("reconcile", task), intervalMillis, intervalMillis,
				TimeUnit.MILLISECONDS);
	}

	/** Whether the caller is the reconciler thread (for the checks of its rights). */
	boolean isCurrent() {
		return Thread.currentThread() == this.current;
	}

	void shutdown() {
		this.loop.shutdownNow();
	}

}
