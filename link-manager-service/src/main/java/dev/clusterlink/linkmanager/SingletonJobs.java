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
 * so that a round stuck on an unreachable cluster does not hold the shutdown up. The jobs
 * are remembered: a stopped context that is started again (Spring's test context cache
 * pauses and resumes contexts) schedules them all again.
 */
@Component
public class SingletonJobs implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SingletonJobs.class);

	private final TaskScheduler scheduler;

	private final LockingTaskExecutor locks;

	private final List<Job> jobs = new CopyOnWriteArrayList<>();

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
		Job scheduledJob = new Job(name, interval, job);
		synchronized (this) {
			this.jobs.add(scheduledJob);
			if (this.running) {
				this.scheduled.add(start(scheduledJob));
			}
		}
	}

	private ScheduledFuture<?> start(Job job) {
		Duration lockAtMost = job.interval().multipliedBy(10).plusMinutes(1);
		Duration lockAtLeast = job.interval().dividedBy(2);
		return this.scheduler.scheduleWithFixedDelay(() -> {
			if (!this.running) {
				return;
			}
			try {
				this.locks.executeWithLock(job.round(),
						new LockConfiguration(Instant.now(), job.name(), lockAtMost, lockAtLeast));
			}
			catch (RuntimeException ex) {
				log.warn("{}: round failed: {}", job.name(), ex.toString());
			}
			catch (Throwable ex) {
				// an Error too ends only this round, never the schedule
				log.error("{}: round failed", job.name(), ex);
			}
		}, Instant.now().plus(job.interval().dividedBy(4)), job.interval());
	}

	/** Whether jobs should keep going; a long round checks this between items. */
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public synchronized void start() {
		if (this.running && !this.scheduled.isEmpty()) {
			return;
		}
		this.running = true;
		this.scheduled.clear();
		this.jobs.forEach((job) -> this.scheduled.add(start(job)));
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.scheduled.forEach((future) -> future.cancel(true));
		this.scheduled.clear();
	}

	@Override
	public int getPhase() {
		// stop before the scheduler and the data source
		return Integer.MAX_VALUE;
	}

	/** A job as scheduled: started again when the context is. */
	private record Job(String name, Duration interval, Runnable round) {
	}

}
