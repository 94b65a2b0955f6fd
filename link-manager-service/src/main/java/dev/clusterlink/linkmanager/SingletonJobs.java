package dev.clusterlink.linkmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Periodic jobs that one link-manager instance runs at a time (availability checks,
 * auto-creation of mirrors), however many replicas run: a ShedLock lock in PostgreSQL,
 * judged in database time. These jobs only write desired state through the same
 * optimistic locking as the API, so a lock that expires early costs at most one duplicate
 * round, never a wrong write. On shutdown the jobs are cancelled and interrupted first,
 * so that a round stuck on an unreachable cluster does not hold the shutdown up.
 */
@Component
public class SingletonJobs implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SingletonJobs.class);

	private final TaskScheduler scheduler;

	private final LockingTaskExecutor locks;

	private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	SingletonJobs(TaskScheduler scheduler, LockProvider lockProvider) {
		this.scheduler = scheduler;
		this.locks = new DefaultLockingTaskExecutor(lockProvider);
	}

	/**
	 * Runs a job every {@code interval} on the instance that holds its lock.
	 * @param name the job and lock name
	 * @param interval the delay between two rounds
	 * @param job one round; whatever it throws is logged and the next round runs as
	 * planned
	 */
	public void schedule(String name, Duration interval, Runnable job) {
		Duration lockAtMost = interval.multipliedBy(10).plusMinutes(1);
		Duration lockAtLeast = interval.dividedBy(2);
		this.scheduled.add(this.scheduler.scheduleWithFixedDelay(() -> {
			if (!this.running) {
				return;
			}
			try {
				this.locks.executeWithLock(job, new LockConfiguration(Instant.now(), name, lockAtMost, lockAtLeast));
			}
			catch (RuntimeException ex) {
				log.warn("{}: round failed: {}", name, ex.toString());
			}
			catch (Throwable ex) {
				// an Error too ends only this round, never the schedule
				log.error("{}: round failed", name, ex);
			}
		}, Instant.now().plus(interval.dividedBy(4)), interval));
	}

	/** Whether jobs should keep going; a long round checks this between items. */
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduled.forEach((future) -> future.cancel(true));
		this.scheduled.clear();
	}

	@Override
	public int getPhase() {
		// stop before the scheduler and the data source
		return Integer.MAX_VALUE;
	}

}
