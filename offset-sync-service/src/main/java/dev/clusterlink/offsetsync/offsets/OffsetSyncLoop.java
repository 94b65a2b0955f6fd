package dev.clusterlink.offsetsync.offsets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clusterlink.command.ClusterChanged;
import dev.clusterlink.command.Command;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.offsetsync.OffsetSyncProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.membership.CommandTopicMembership;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.schedule.LinkSchedule;
import dev.clusterlink.store.LinkRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The driver of consumer-offset sync (DESIGN.md §3, §6). Joins the {@value #GROUP_ID}
 * group on the command topic; the links whose command partition it is assigned are this
 * instance's. A tick looks for owned links whose round is due (every
 * {@code consumer.offset.sync.ms}, later after failures) and hands each to a worker; one
 * round per link at a time, each in its own try/catch so one link never stops the others.
 * Commands only make a link due at once; the list of links is re-read on a timer, so a
 * lost command changes nothing.
 */
@Component
class OffsetSyncLoop implements SmartLifecycle, CommandTopicMembership.Listener {

	/** The consumer group of every offset sync instance on the command topic. */
	static final String GROUP_ID = "clusterlink-offset-sync";

	private static final Logger log = LoggerFactory.getLogger(OffsetSyncLoop.class);

	/** When to try a link again whose lock another sync held. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

	private final OffsetSyncProperties properties;

	private final GroupOffsetSyncer reconciler;

	private final StateStoreReader reader;

	private final TaskStatusWriter status;

	private final OffsetSyncMetrics metrics;

	private final ClusterAdmins admins;

	private final KafkaProperties kafka;

	private final Clock clock;

	private final Map<UUID, LinkSchedule> links = new ConcurrentHashMap<>();

	private volatile Instant nextResync = Instant.MIN;

	private volatile boolean running;

	private volatile @Nullable CommandTopicMembership membership;

	private volatile @Nullable ScheduledExecutorService ticker;

	private volatile @Nullable ExecutorService workers;

	OffsetSyncLoop(OffsetSyncProperties properties, GroupOffsetSyncer reconciler, StateStoreReader reader,
			TaskStatusWriter status, OffsetSyncMetrics metrics, ClusterAdmins admins, KafkaProperties kafka,
			Clock clock) {
		this.properties = properties;
		this.reconciler = reconciler;
		this.reader = reader;
		this.status = status;
		this.metrics = metrics;
		this.admins = admins;
		this.kafka = kafka;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		String instance = this.properties.resolvedInstanceId();
		AtomicInteger workerNumber = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(this.properties.parallelism(),
				(task) -> daemon(task, "offset-sync-" + workerNumber.incrementAndGet()));
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "offset-sync-tick"));
		this.membership = join(instance);
		this.membership.start();
		this.ticker.scheduleWithFixedDelay(this::tick, 0, this.properties.tick().toMillis(), TimeUnit.MILLISECONDS);
		log.info("consumer-offset sync started as {} (group {}, command topic {})", instance, GROUP_ID,
				this.properties.commandTopic());
	}

	/**
	 * The membership in the {@value #GROUP_ID} group, not started yet; tests put one of
	 * their own here.
	 */
	CommandTopicMembership join(String instance) {
		return new CommandTopicMembership(String.join(",", this.kafka.getBootstrapServers()), controlClientProperties(),
				this.properties.commandTopic(), GROUP_ID, instance, this.properties.sessionTimeout(), this);
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
		if (this.membership != null) {
			// revokes every partition: onRevoked waits for the rounds in flight
			this.membership.close();
		}
		if (this.workers != null) {
			this.workers.shutdown();
			try {
				if (!this.workers.awaitTermination(drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					this.workers.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.workers.shutdownNow();
			}
		}
		this.links.clear();
		log.info("consumer-offset sync stopped");
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

	/** Whether this instance is in the group and knows the command topic. */
	boolean isMember() {
		CommandTopicMembership current = this.membership;
		return this.running && current != null && current.partitionCount() > 0;
	}

	/** The links this instance owns now. */
	Set<String> ownedLinks() {
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
				this.nextResync = LinkSchedule.after(now, this.properties.resyncInterval());
				try {
					resync();
				}
				catch (RuntimeException ex) {
					// the state store is down: known links keep their schedule, rounds
					// fail and back off
					log.warn("re-reading the links failed, retrying in {}: {}", this.properties.resyncInterval(),
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
					log.warn(
							"consumer-offset sync tick: starting the round of link {} failed, the next tick retries: {}",
							link.name(), ex.toString());
				}
			}
		}
		catch (Throwable ex) {
			// never rethrown: that would end the schedule of every link for good
			log.error("consumer-offset sync tick failed, the next tick retries", ex);
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
		link.started(pool.submit(() -> round(link)));
	}

	/** One round of one link, with its outcome written back. Never throws. */
	private void round(LinkSchedule link) {
		MDC.put("link.id", link.id().toString());
		MDC.put("link.name", link.name());
		MDC.put("phase", "reconcile");
		try {
			ReconcileResult result;
			try {
				result = this.reconciler.reconcile(link.id());
			}
			catch (RuntimeException | Error ex) {
				// e.g. the state store is down, a bug, a config this version cannot read:
				// a failed round of this link only, which backs off like any other
				log.warn("reconcile({}): failed: {}", link.name(), ex.toString());
				result = new ReconcileResult.Failed(TaskState.IN_ERROR,
						"consumer-offset sync round failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(),
						Duration.ofSeconds(5));
			}
			settle(link, result);
		}
		catch (RuntimeException | Error ex) {
			log.warn("reconcile({}): recording the outcome failed: {}", link.name(), ex.toString());
		}
		finally {
			MDC.clear();
		}
	}

	private void settle(LinkSchedule link, ReconcileResult result) {
		Instant now = this.clock.instant();
		switch (result) {
			case ReconcileResult.Gone gone -> {
				log.info("link {} is gone", link.name());
				forget(link);
				return;
			}
			case ReconcileResult.Noop noop -> {
				link.succeeded(now, noop.interval());
				this.status.maybeUpdate(link.id(), link.name(), TaskState.ACTIVE, null, true);
				log.debug("link {}: offset sync round: {}", link.name(), noop.report().summary());
			}
			case ReconcileResult.Changed changed -> {
				link.succeeded(now, changed.interval());
				this.status.maybeUpdate(link.id(), link.name(), TaskState.ACTIVE, null, true);
				log.info("link {}: offset sync round: {}", link.name(), changed.report().summary());
			}
			case ReconcileResult.Failed failed -> {
				Duration wait = link.failed(now, failed.interval(), this.properties.maxBackoff());
				this.status.maybeUpdate(link.id(), link.name(), failed.state(),
						failed.reason() + " (next attempt in " + pretty(wait) + ")", false);
				log.debug("reconcile({}): {} ({}), next attempt in {}", link.name(), failed.state(), failed.reason(),
						wait);
			}
			case ReconcileResult.Busy busy -> {
				// another sync of the link runs (the worker's final sync, or a former
				// owner
				// finishing its round): soon again
				link.idle(now, BUSY_RETRY);
				log.debug("reconcile({}): another offset sync of the link is running, retrying in {}", link.name(),
						BUSY_RETRY);
			}
			case ReconcileResult.Idle idle -> {
				link.idle(now, this.properties.resyncInterval());
				this.status.maybeUpdate(link.id(), link.name(), idle.state(), idle.reason(), false);
			}
		}
		this.metrics.record(link.name(), result);
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
				this.admins.evict(changed.entityId());
				this.links.values().forEach(LinkSchedule::dueNow);
			}
			case MirrorChanged changed -> {
				// a mirror came up, was paused or is being stopped: its link's groups
				// follow at once
				this.links.values()
					.stream()
					.filter((link) -> link.name().equals(changed.link()))
					.forEach(LinkSchedule::dueNow);
			}
		}
	}

	/**
	 * Waits for the round in flight, so that a new owner never overlaps with this one.
	 */
	private void drain(LinkSchedule link) {
		Future<?> round = link.inFlight();
		if (round == null || round.isDone()) {
			return;
		}
		try {
			round.get(drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
		// a round makes seven admin calls one after the other, then writes every group at
		// once
		return this.properties.adminTimeout().multipliedBy(8).plusSeconds(5);
	}

	/**
	 * Client properties of the control cluster ({@code spring.kafka.*}: security, SSL),
	 * as strings; the membership sets its own ids, deserializers and group settings.
	 */
	private Map<String, String> controlClientProperties() {
		Map<String, String> properties = new HashMap<>();
		this.kafka.buildConsumerProperties().forEach((key, value) -> {
			if (value == null || key.equals("bootstrap.servers")) {
				return;
			}
			String text = switch (value) {
				case List<?> list -> String.join(",", list.stream().map(String::valueOf).toList());
				case Class<?> type -> type.getName();
				default -> String.valueOf(value);
			};
			properties.put(key, text);
		});
		return properties;
	}

	private static String pretty(Duration wait) {
		long seconds = wait.toSeconds();
		return (seconds < 120) ? seconds + "s" : (seconds / 60) + "m";
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
