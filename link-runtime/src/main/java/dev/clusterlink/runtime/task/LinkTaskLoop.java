package dev.clusterlink.runtime.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import dev.clusterlink.command.ClusterChanged;
import dev.clusterlink.command.Command;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.runtime.control.ControlCluster;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.membership.CommandTopicMembership;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.schedule.LinkSchedule;
import dev.clusterlink.store.LinkRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The driver of a link task (DESIGN.md §3): one per sync service. Joins the task's group
 * on the command topic; the links whose command partition it is assigned are this
 * instance's. A tick looks for owned links whose round is due and hands each to a worker;
 * one round per link at a time.
 *
 * <p>
 * Invariants, enforced here and nowhere else:
 * <ul>
 * <li>Every round and every link's dispatch runs in its own try/catch, and a tick never
 * throws: one link never stops the others or the schedule.</li>
 * <li>A link runs at most one round at a time, and a revoked link's round in flight ends
 * (or times out) before the hand-over completes.</li>
 * <li>Commands only make a link due sooner; the list of links is re-read every
 * {@code resync-interval}, so a lost command changes nothing.</li>
 * <li>A failing link backs off from twice its interval, doubling up to
 * {@code max-backoff}, with full jitter: the next attempt at a random moment between its
 * interval and that bound.</li>
 * </ul>
 */
public class LinkTaskLoop implements SmartLifecycle, CommandTopicMembership.Listener {

	private static final Logger log = LoggerFactory.getLogger(LinkTaskLoop.class);

	private final LinkTask task;

	private final LinkTaskSettings settings;

	private final StateStoreReader reader;

	private final TaskStatusWriter status;

	private final LinkTaskMetrics metrics;

	private final @Nullable ClusterAdmins admins;

	private final @Nullable ControlCluster control;

	private final Clock clock;

	private final LinkRounds rounds;

	private final Map<UUID, LinkSchedule> links = new ConcurrentHashMap<>();

	private volatile Instant nextResync = Instant.MIN;

	private volatile boolean running;

	private volatile @Nullable CommandTopicMembership membership;

	private volatile @Nullable ScheduledExecutorService ticker;

	private volatile @Nullable ExecutorService workers;

	public LinkTaskLoop(LinkTask task, LinkTaskSettings settings, LinkTaskReconciler reconciler,
			StateStoreReader reader, TaskStatusWriter status, LinkTaskMetrics metrics, @Nullable ClusterAdmins admins,
			@Nullable ControlCluster control, Clock clock) {
		this(task, settings, reconciler, reader, status, metrics, admins, control, clock,
				() -> ThreadLocalRandom.current().nextDouble());
	}

	LinkTaskLoop(LinkTask task, LinkTaskSettings settings, LinkTaskReconciler reconciler, StateStoreReader reader,
			TaskStatusWriter status, LinkTaskMetrics metrics, @Nullable ClusterAdmins admins,
			@Nullable ControlCluster control, Clock clock, DoubleSupplier jitter) {
		this.task = task;
		this.settings = settings;
		this.reader = reader;
		this.status = status;
		this.metrics = metrics;
		this.admins = admins;
		this.control = control;
		this.clock = clock;
		this.rounds = new LinkRounds(task, settings, reconciler, reader, status, metrics, clock, jitter, this::forget);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		AtomicInteger workerNumber = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(this.settings.parallelism(),
				(runnable) -> daemon(runnable, this.task.name() + "-" + workerNumber.incrementAndGet()));
		this.ticker = Executors
			.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, this.task.name() + "-tick"));
		CommandTopicMembership joined = join(this.settings.instanceId());
		this.membership = joined;
		joined.start();
		this.ticker.scheduleWithFixedDelay(this::tick, 0, this.settings.tick().toMillis(), TimeUnit.MILLISECONDS);
		log.info("{} started as {} (group {}, {})", this.task.displayName(), this.settings.instanceId(),
				this.task.groupId(), this.control);
	}

	/**
	 * The membership in the task's group, not started yet; tests put one of their own
	 * here.
	 */
	protected CommandTopicMembership join(String instance) {
		ControlCluster cluster = this.control;
		if (cluster == null) {
			throw new IllegalStateException("no control cluster configured");
		}
		return new CommandTopicMembership(cluster.bootstrapServers(), cluster.properties(), cluster.commandTopic(),
				this.task.groupId(), instance, this.settings.sessionTimeout(), this);
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		ScheduledExecutorService currentTicker = this.ticker;
		if (currentTicker != null) {
			currentTicker.shutdownNow();
		}
		CommandTopicMembership current = this.membership;
		if (current != null) {
			// revokes every partition: onRevoked waits for the rounds in flight
			current.close();
		}
		ExecutorService pool = this.workers;
		if (pool != null) {
			pool.shutdown();
			try {
				if (!pool.awaitTermination(drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					pool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				pool.shutdownNow();
			}
		}
		this.links.clear();
		log.info("{} stopped", this.task.displayName());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stop before the data source and the meter registry
		return Integer.MAX_VALUE - 100;
	}

	/** The task this loop drives. */
	public LinkTask task() {
		return this.task;
	}

	/** Whether this instance is in the group and knows the command topic. */
	public boolean isMember() {
		CommandTopicMembership current = this.membership;
		return this.running && current != null && current.partitionCount() > 0;
	}

	/** The links this instance owns now. */
	public Set<String> ownedLinks() {
		Set<String> owned = new HashSet<>();
		this.links.values().stream().filter(this::owns).forEach((link) -> owned.add(link.name()));
		return owned;
	}

	/**
	 * One tick of the schedule. Never throws: an exception escaping a task of a
	 * {@link ScheduledExecutorService} would end the schedule silently, and every link
	 * with it. Each link is looked at in its own try/catch, so one link that cannot even
	 * be dispatched never keeps the others from their rounds.
	 */
	void tick() {
		try {
			Instant now = this.clock.instant();
			if (!now.isBefore(this.nextResync)) {
				this.nextResync = LinkSchedule.after(now, this.settings.resyncInterval());
				try {
					resync();
				}
				catch (RuntimeException ex) {
					// the state store is down: known links keep their schedule, rounds
					// fail and back off
					log.warn("re-reading the links failed, retrying in {}: {}", this.settings.resyncInterval(),
							ex.toString());
				}
			}
			for (LinkSchedule link : this.links.values()) {
				try {
					if (this.running && owns(link) && link.isDue(now)) {
						dispatch(link);
					}
				}
				catch (RuntimeException | Error ex) {
					log.warn("{} tick: starting the round of link {} failed, the next tick retries: {}",
							this.task.displayName(), link.name(), ex.toString());
				}
			}
		}
		catch (Throwable ex) {
			// never rethrown: that would end the schedule of every link for good
			log.error("{} tick failed, the next tick retries", this.task.displayName(), ex);
		}
	}

	/** Re-reads the list of links; rounds re-read each link anyway. */
	private void resync() {
		List<LinkRow> rows = this.reader.links();
		Set<UUID> present = new HashSet<>();
		for (LinkRow row : rows) {
			present.add(row.id());
			this.links.computeIfAbsent(row.id(), (id) -> new LinkSchedule(id, row.name()));
		}
		for (LinkSchedule link : List.copyOf(this.links.values())) {
			if (!present.contains(link.id()) && !link.isRunning()) {
				forget(link);
			}
		}
	}

	private void dispatch(LinkSchedule link) {
		ExecutorService pool = this.workers;
		if (pool == null || pool.isShutdown()) {
			return;
		}
		link.started(pool.submit(() -> this.rounds.run(link)));
	}

	@Override
	public void onAssigned(Set<Integer> partitions) {
		// take over at once: re-read the links and run every owned one
		this.nextResync = Instant.MIN;
		this.links.values().forEach(LinkSchedule::dueNow);
	}

	@Override
	public void onRevoked(Set<Integer> partitions) {
		CommandTopicMembership current = this.membership;
		int count = (current != null) ? current.partitionCount() : 0;
		if (count == 0) {
			return;
		}
		for (LinkSchedule link : List.copyOf(this.links.values())) {
			try {
				if (partitions.contains(Ownership.partitionFor(Ownership.linkKey(link.name()), count))) {
					drain(link);
					link.dueNow();
					this.status.forget(link.id());
					this.metrics.forget(link.name());
				}
			}
			catch (RuntimeException ex) {
				// the other links are still handed over
				log.warn("link {}: handing it over failed: {}", link.name(), ex.toString());
			}
		}
	}

	@Override
	public void onCommand(Command command) {
		switch (command) {
			case LinkChanged changed when changed.change() == Command.Change.DELETED -> {
				LinkSchedule link = this.links.get(changed.entityId());
				if (link != null && !link.isRunning()) {
					forget(link);
				}
			}
			case LinkChanged changed ->
				this.links.computeIfAbsent(changed.entityId(), (id) -> new LinkSchedule(id, changed.link())).dueNow();
			case ClusterChanged changed -> {
				// new credentials may fix a failing link: retry everything now
				if (this.admins != null) {
					this.admins.evict(changed.entityId());
				}
				this.links.values().forEach(LinkSchedule::dueNow);
			}
			case MirrorChanged changed -> {
				if (this.task.followsMirrors()) {
					// a mirror came up, was paused or is being stopped: its link follows
					this.links.values()
						.stream()
						.filter((link) -> link.name().equals(changed.link()))
						.forEach(LinkSchedule::dueNow);
				}
			}
		}
	}

	/**
	 * Waits for the round in flight, so that a new owner never overlaps with this one.
	 */
	private void drain(LinkSchedule link) {
		Future<?> inFlight = link.inFlight();
		if (inFlight == null || inFlight.isDone()) {
			return;
		}
		try {
			inFlight.get(drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("link {}: the round in flight did not finish before the hand-over: {}", link.name(),
					ex.toString());
		}
	}

	private void forget(LinkSchedule link) {
		this.links.remove(link.id());
		this.status.forget(link.id());
		this.metrics.forget(link.name());
	}

	private boolean owns(LinkSchedule link) {
		CommandTopicMembership current = this.membership;
		return current != null && current.owns(Ownership.linkKey(link.name()));
	}

	private Duration drainTimeout() {
		return this.task.drainTimeout(this.settings.adminTimeout());
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
