package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.clusters.ClusterClients;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.topics.ReadOnlyGuard;
import dev.clusterlink.mirrorworker.topics.TopicConfigs;
import dev.clusterlink.mirrorworker.topics.Topics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.LinkTaskStatus;
import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.store.StateStoreReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code topic.config.sync.ms} per running mirror: checks the source topic is still
 * the same topic (its id), follows partition increases, refreshes source log start and
 * end offsets (lag, and DATA_LOSS for partitions retention ran past), copies the synced
 * configs to the mirror, and checks read-only protection. A source that does not answer
 * twice in a row makes the mirror SOURCE_UNAVAILABLE until it answers again.
 */
@Component
class TopicConfigSync implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TopicConfigSync.class);

	private final MirrorReconciler reconciler;

	private final StateStoreReader store;

	private final ClusterClients clusters;

	private final ReadOnlyGuard guard;

	private final TopicConfigs configs;

	private final MirrorStateStore states;

	private final LeaseKeeper leases;

	private final LinkTaskStatus tasks;

	private final WorkerProperties properties;

	private final Map<UUID, Long> lastSync = new ConcurrentHashMap<>();

	private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	TopicConfigSync(MirrorReconciler reconciler, StateStoreReader store, ClusterClients clusters, ReadOnlyGuard guard,
			TopicConfigs configs, MirrorStateStore states, LeaseKeeper leases, LinkTaskStatus tasks,
			WorkerProperties properties) {
		this.reconciler = reconciler;
		this.store = store;
		this.clusters = clusters;
		this.guard = guard;
		this.configs = configs;
		this.states = states;
		this.leases = leases;
		this.tasks = tasks;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "topic-config-sync");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::syncDue, 1, 1, TimeUnit.SECONDS);
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

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 50;
	}

	private void syncDue() {
		Map<UUID, LinkRow> links = new java.util.HashMap<>();
		try {
			this.store.links().forEach((link) -> links.put(link.id(), link));
		}
		catch (RuntimeException ex) {
			log.debug("topic config sync: state store not available: {}", ex.getMessage());
			return;
		}
		long now = System.nanoTime();
		for (Running mirror : List.copyOf(this.reconciler.running())) {
			LinkRow link = links.get(mirror.row().linkId());
			if (link == null || link.paused()) {
				continue;
			}
			Long last = this.lastSync.get(mirror.row().id());
			if (last != null && now - last < link.config().topicConfigSyncInterval().toNanos()) {
				continue;
			}
			this.lastSync.put(mirror.row().id(), now);
			sync(mirror, link);
		}
		this.lastSync.keySet()
			.removeIf((id) -> this.reconciler.running().stream().noneMatch((r) -> r.row().id().equals(id)));
	}

	private void sync(Running mirror, LinkRow link) {
		MirrorRow row = mirror.row();
		Lease lease = this.leases.get(row.id());
		if (lease == null) {
			return;
		}
		Duration timeout = this.properties.adminTimeout();
		Admin source = this.clusters.admin(link.sourceClusterId());
		TopicDescription description;
		try {
			description = Topics.describe(source, row.sourceTopic(), timeout).orElse(null);
			if (description == null) {
				sourceTrouble(row, "source topic " + row.sourceTopic() + " does not exist (deleted?)");
				return;
			}
		}
		catch (RuntimeException ex) {
			sourceTrouble(row, KafkaErrors.describe(ex, List.of()));
			return;
		}
		this.failures.remove(row.id());
		this.reconciler.sourceAvailability(row.id(), true, null);
		String topicId = description.topicId().toString();
		MirrorRow fresh = this.store.mirror(row.id()).orElse(row);
		if (fresh.sourceTopicId() != null && !fresh.sourceTopicId().equals(topicId)) {
			this.reconciler.topicReset(row.id(), fresh.sourceTopicId(), topicId);
			return;
		}
		if (description.partitions().size() > mirror.partitions().size()) {
			this.reconciler.grow(row.id());
		}
		try {
			refreshOffsets(mirror, source, timeout);
			this.configs.sync(fresh, link);
			this.states.recordWarnings(lease, this.guard.check(fresh, link, lease));
			this.tasks.record(link.id(), LinkTaskStatus.TOPIC_CONFIG_SYNC, "ACTIVE", null, true);
		}
		catch (RuntimeException ex) {
			String reason = KafkaErrors.describe(ex, List.of());
			log.warn("topic config sync of {}/{} failed: {}", row.linkName(), row.name(), reason);
			recordTask(link, "IN_ERROR", row.name() + ": " + reason);
		}
	}

	/**
	 * Source log start and end per partition; a start past the next offset to copy is
	 * data loss.
	 */
	private void refreshOffsets(Running mirror, Admin source, Duration timeout) {
		List<TopicPartition> tps = mirror.partitions().stream().map((pm) -> pm.source).toList();
		Map<TopicPartition, Long> starts = Topics.offsets(source, tps, OffsetSpec.earliest(), timeout);
		Map<TopicPartition, Long> ends = Topics.offsets(source, tps, OffsetSpec.latest(), timeout);
		for (PartitionMirror pm : mirror.partitions()) {
			Long start = starts.get(pm.source);
			pm.observedSource(start, ends.get(pm.source));
			if (start != null && pm.isStarted() && pm.halted() == null && !pm.skipsLoss() && pm.inFlight() == 0
					&& start > pm.nextSource()) {
				long lost = start - pm.nextSource();
				pm.halt(new Halt(MirrorState.DATA_LOSS,
						"partition " + pm.source.partition() + ": source retention " + "deleted " + lost
								+ " record(s) (offsets " + pm.nextSource() + " to " + (start - 1)
								+ ") before they were mirrored. Nothing more is written to this partition. Resume with "
								+ "acknowledgeDataLoss=true to skip them (the loss is recorded), or fail over"));
				this.reconciler.halted(pm);
			}
		}
	}

	private void sourceTrouble(MirrorRow row, String reason) {
		int count = this.failures.merge(row.id(), 1, Integer::sum);
		if (count >= 2) {
			this.reconciler.sourceAvailability(row.id(), false, reason);
		}
		log.debug("topic config sync of {}/{}: source not available ({}x): {}", row.linkName(), row.name(), count,
				reason);
	}

	private void recordTask(LinkRow link, String state, String reason) {
		try {
			this.tasks.record(link.id(), LinkTaskStatus.TOPIC_CONFIG_SYNC, state, reason, false);
		}
		catch (RuntimeException ex) {
			log.debug("recording the topic config sync status failed: {}", ex.getMessage());
		}
	}

}
