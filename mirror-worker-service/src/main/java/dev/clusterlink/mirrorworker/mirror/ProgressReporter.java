package dev.clusterlink.mirrorworker.mirror;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.clusterlink.mirrorworker.Schedules;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.PartitionState;
import dev.clusterlink.runtime.store.StateStoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes running partitions' progress to the state store in one batch every
 * {@code clusterlink.worker.status-interval} (never per record): the partitions whose
 * progress changed, and every partition every {@link #FULL_REPORT} (so an idle worker
 * with thousands of partitions does not rewrite them all the time); publishes lag and
 * partition counts as metrics, and drops the meters of mirrors no longer running here.
 *
 * <p>
 * Thread {@code progress-reporter} (DESIGN.md §9): reads the registry of running mirrors
 * and partition state through volatile fields only; writes partition rows, fenced by the
 * lease epoch each row carries, and metrics. It never changes a mirror or a partition.
 */
@Component
class ProgressReporter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

	private final RunningMirrors running;

	private final PartitionStore store;

	private final StateStoreReader stateStore;

	private final MirrorMetrics metrics;

	private final WorkerProperties properties;

	/** How often every partition is written, changed or not. */
	static final long FULL_REPORT = TimeUnit.SECONDS.toNanos(30);

	private ScheduledExecutorService scheduler;

	/** What was written last, per mirror and partition (report thread only). */
	private Map<String, PartitionProgress> written = new HashMap<>();

	private long lastFullReport;

	ProgressReporter(RunningMirrors running, PartitionStore store, StateStoreReader stateStore, MirrorMetrics metrics,
			WorkerProperties properties) {
		this.running = running;
		this.store = store;
		this.stateStore = stateStore;
		this.metrics = metrics;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "progress-reporter");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.statusInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(Schedules.guarded("reporting progress", this::report), interval, interval,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null && !this.scheduler.isShutdown();
	}

	void report() {
		long started = System.nanoTime();
		List<PartitionProgress> rows = new ArrayList<>();
		Map<String, Long> byState = new HashMap<>();
		for (Running mirror : this.running.all()) {
			PartitionState state = PartitionState.running(mirror.pipeline().isPaused(mirror.row().id()));
			long maxLag = 0;
			Map<Integer, Long> lags = new HashMap<>();
			for (PartitionMirror pm : mirror.partitions()) {
				if (!pm.hasProgress()) {
					continue;
				}
				PartitionProgress progress = pm.progress(state, mirror.pipeline().lastFailure());
				rows.add(progress);
				byState.merge(progress.state().stored(), 1L, Long::sum);
				long lag = (progress.lag() != null) ? progress.lag() : 0;
				lags.put(progress.partition(), lag);
				maxLag = Math.max(maxLag, lag);
			}
			publish(mirror, maxLag, lags);
		}
		this.metrics.partitions(byState);
		// a mirror stopped since the snapshot may have got its meters back above
		this.metrics.retain(this.running.all()
			.stream()
			.map((mirror) -> MirrorMetrics.key(mirror.row().linkName(), mirror.row().name()))
			.collect(Collectors.toSet()), started);
		long now = System.nanoTime();
		boolean full = now - this.lastFullReport >= FULL_REPORT;
		Map<String, PartitionProgress> current = new HashMap<>();
		rows.forEach((row) -> current.put(row.mirrorId() + "/" + row.partition(), row));
		List<PartitionProgress> changed = full ? rows
				: current.entrySet()
					.stream()
					.filter((entry) -> !entry.getValue().equals(this.written.get(entry.getKey())))
					.map(Map.Entry::getValue)
					.toList();
		try {
			this.store.writeProgress(changed);
			this.written = current;
			if (full) {
				this.lastFullReport = now;
			}
		}
		catch (RuntimeException ex) {
			log.warn("writing the progress of {} partition(s) failed: {}", changed.size(), ex.getMessage());
		}
	}

	/** Lag, per-partition lag and state of a running mirror as metrics. */
	private void publish(Running mirror, long maxLag, Map<Integer, Long> lags) {
		MirrorMetrics.MirrorMeters meters = this.metrics.of(mirror.row().linkName(), mirror.row().name());
		meters.lag(maxLag);
		meters.partitionLags(lags);
		Halt halt = mirror.firstHalt();
		long halted = mirror.partitions().stream().filter((pm) -> pm.halted() != null).count();
		meters.state((halt != null) ? halt.state().name() : mirror.row().state().name(), halted);
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

}
