package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.Schedules;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.topics.ReadOnlyGuard;
import dev.clusterlink.mirrorworker.topics.TopicConfigs;
import dev.clusterlink.mirrorworker.topics.Topics;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code topic.config.sync.ms}, for all running mirrors of a link at once (one
 * request per kind, so a link of hundreds of mirrors costs a handful of requests): checks
 * the source topic is still the same topic (its id), follows partition increases,
 * refreshes source log start and end offsets (lag, and DATA_LOSS for partitions retention
 * ran past), copies the synced configs to the mirror, and checks read-only protection. A
 * source that does not answer twice in a row makes the mirror SOURCE_UNAVAILABLE until it
 * answers again.
 *
 * <p>
 * Thread {@code topic-config-sync} (DESIGN.md §9): reads the registry of running mirrors;
 * writes destination topic configs, warnings and the link's task status, and a
 * partition's observed source offsets; everything else (halts, SOURCE_UNAVAILABLE,
 * growth) it asks {@link HaltPolicy}, {@link SourceAvailability} and {@link MirrorRunner}
 * for, which do it on the reconciler thread.
 */
@Component
class TopicConfigSync implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TopicConfigSync.class);

	private final RunningMirrors running;

	private final HaltPolicy halts;

	private final SourceAvailability availability;

	private final MirrorRunner runner;

	private final StateStoreReader store;

	private final ClusterAdmins clusters;

	private final ReadOnlyGuard guard;

	private final TopicConfigs configs;

	private final MirrorStateStore states;

	private final LeaseKeeper leases;

	private final LinkTaskStatus tasks;

	private final WorkerProperties properties;

	/** When each link's mirrors were last synced (System.nanoTime). */
	private final Map<UUID, Long> lastSync = new ConcurrentHashMap<>();

	/** Each link's {@code topic.config.sync.ms}, as last read, in nanoseconds. */
	private final Map<UUID, Long> intervals = new ConcurrentHashMap<>();

	private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	TopicConfigSync(RunningMirrors running, HaltPolicy halts, SourceAvailability availability, MirrorRunner runner,
			StateStoreReader store, ClusterAdmins clusters, ReadOnlyGuard guard, TopicConfigs configs,
			MirrorStateStore states, LeaseKeeper leases, LinkTaskStatus tasks, WorkerProperties properties) {
		this.running = running;
		this.halts = halts;
		this.availability = availability;
		this.runner = runner;
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
		this.scheduler.scheduleWithFixedDelay(Schedules.guarded("topic config sync", this::syncDue), 1, 1,
				TimeUnit.SECONDS);
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
		Map<UUID, List<Running>> byLink = new HashMap<>();
		this.running.all()
			.forEach((mirror) -> byLink.computeIfAbsent(mirror.row().linkId(), (id) -> new ArrayList<>()).add(mirror));
		this.lastSync.keySet().retainAll(byLink.keySet());
		long now = System.nanoTime();
		List<UUID> due = byLink.keySet().stream().filter((id) -> {
			Long last = this.lastSync.get(id);
			return last == null || now - last >= this.intervals.getOrDefault(id, 0L);
		}).toList();
		if (due.isEmpty()) {
			return;
		}
		Map<UUID, LinkRow> links = new HashMap<>();
		Map<UUID, MirrorRow> rows = new HashMap<>();
		try {
			this.store.links().forEach((link) -> links.put(link.id(), link));
			this.store.mirrors().forEach((row) -> rows.put(row.id(), row));
		}
		catch (RuntimeException ex) {
			log.debug("topic config sync: state store not available: {}", ex.getMessage());
			return;
		}
		for (UUID linkId : due) {
			LinkRow link = links.get(linkId);
			if (link == null || link.paused()) {
				continue;
			}
			this.lastSync.put(linkId, now);
			try {
				this.intervals.put(linkId, link.config().topicConfigSyncInterval().toNanos());
				syncLink(link, byLink.get(linkId), rows);
			}
			catch (RuntimeException ex) {
				// never let one link end the schedule of all
				log.warn("topic config sync of link {} failed: {}", link.name(), KafkaErrors.describe(ex, List.of()));
			}
		}
	}

	/**
	 * One round for the running mirrors of a link, with one request per kind for all of
	 * them: describe topics, source offsets, configs of both sides, destination ACLs.
	 */
	private void syncLink(LinkRow link, List<Running> mirrors, Map<UUID, MirrorRow> rows) {
		Duration timeout = this.properties.adminTimeout();
		Admin source = this.clusters.admin(link.sourceClusterId());
		Admin destination = this.clusters.admin(link.destinationClusterId());
		Map<String, KafkaFuture<TopicDescription>> descriptions = source
			.describeTopics(mirrors.stream().map((mirror) -> mirror.row().sourceTopic()).distinct().toList())
			.topicNameValues();
		List<Running> present = new ArrayList<>();
		for (Running mirror : mirrors) {
			if (this.leases.get(mirror.row().id()) != null && sameTopic(mirror, descriptions, rows, timeout)) {
				present.add(mirror);
			}
		}
		if (present.isEmpty()) {
			return;
		}
		String failure = null;
		try {
			refreshOffsets(present, source, timeout);
			Map<String, KafkaFuture<Config>> sourceConfigs = Topics.configs(source,
					present.stream().map((mirror) -> mirror.row().sourceTopic()).distinct().toList());
			Map<String, KafkaFuture<Config>> destinationConfigs = Topics.configs(destination,
					present.stream().map((mirror) -> mirror.row().name()).toList());
			ReadOnlyGuard.Writers writers = this.guard.writers(link);
			for (Running mirror : present) {
				MirrorRow row = rows.getOrDefault(mirror.row().id(), mirror.row());
				Lease lease = this.leases.get(row.id());
				try {
					this.configs.sync(row, link, Topics.explicit(sourceConfigs.get(row.sourceTopic()), timeout),
							Topics.explicit(destinationConfigs.get(row.name()), timeout));
					if (lease != null) {
						this.states.recordWarnings(lease, this.guard.check(row, link, lease, writers));
					}
				}
				catch (RuntimeException ex) {
					String reason = KafkaErrors.describe(ex, List.of());
					log.warn("topic config sync of {}/{} failed: {}", row.linkName(), row.name(), reason);
					failure = (failure != null) ? failure : row.name() + ": " + reason;
				}
			}
		}
		catch (RuntimeException ex) {
			failure = KafkaErrors.describe(ex, List.of());
			log.warn("topic config sync of link {} failed: {}", link.name(), failure);
		}
		if (failure == null) {
			recordTask(link, "ACTIVE", null, true);
		}
		else {
			recordTask(link, "IN_ERROR", failure, false);
		}
	}

	/**
	 * Whether the source topic of a mirror still exists as the same topic (its id); grows
	 * the mirror when the source got partitions.
	 */
	private boolean sameTopic(Running mirror, Map<String, KafkaFuture<TopicDescription>> descriptions,
			Map<UUID, MirrorRow> rows, Duration timeout) {
		MirrorRow row = mirror.row();
		TopicDescription description;
		try {
			description = Topics.describe(descriptions.get(row.sourceTopic()), timeout).orElse(null);
		}
		catch (RuntimeException ex) {
			sourceTrouble(row, KafkaErrors.describe(ex, List.of()));
			return false;
		}
		if (description == null) {
			sourceTrouble(row, "source topic " + row.sourceTopic() + " does not exist (deleted?)");
			return false;
		}
		this.failures.remove(row.id());
		this.availability.report(row.id(), true, null);
		String topicId = description.topicId().toString();
		MirrorRow fresh = rows.getOrDefault(row.id(), row);
		if (fresh.sourceTopicId() != null && !fresh.sourceTopicId().equals(topicId)) {
			this.halts.topicReset(row.id(), fresh.sourceTopicId(), topicId);
			return false;
		}
		if (description.partitions().size() > mirror.partitions().size()) {
			this.runner.grow(row.id());
		}
		return true;
	}

	/**
	 * Source log start and end per partition; a start past the next offset to copy is
	 * data loss.
	 */
	private void refreshOffsets(List<Running> mirrors, Admin source, Duration timeout) {
		List<PartitionMirror> partitions = mirrors.stream().flatMap((mirror) -> mirror.partitions().stream()).toList();
		List<TopicPartition> tps = partitions.stream().map((pm) -> pm.source).toList();
		Map<TopicPartition, Long> starts = Topics.offsets(source, tps, OffsetSpec.earliest(), timeout);
		Map<TopicPartition, Long> ends = Topics.offsets(source, tps, OffsetSpec.latest(), timeout);
		for (PartitionMirror pm : partitions) {
			Long start = starts.get(pm.source);
			pm.observedSource(start, ends.get(pm.source));
			this.halts.sourceStartObserved(pm, start);
		}
	}

	private void sourceTrouble(MirrorRow row, String reason) {
		int count = this.failures.merge(row.id(), 1, Integer::sum);
		if (count >= 2) {
			this.availability.report(row.id(), false, reason);
		}
		log.debug("topic config sync of {}/{}: source not available ({}x): {}", row.linkName(), row.name(), count,
				reason);
	}

	private void recordTask(LinkRow link, String state, @Nullable String reason, boolean success) {
		try {
			this.tasks.record(link.id(), LinkTaskStatus.TOPIC_CONFIG_SYNC, state, reason, success);
		}
		catch (RuntimeException ex) {
			log.debug("recording the topic config sync status failed: {}", ex.getMessage());
		}
	}

}
