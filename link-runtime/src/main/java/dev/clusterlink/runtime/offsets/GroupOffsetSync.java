package dev.clusterlink.runtime.offsets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.sync.DestinationGroup;
import dev.clusterlink.offsets.sync.GroupOffsetPlanner;
import dev.clusterlink.offsets.sync.GroupPlan;
import dev.clusterlink.offsets.sync.MirroredTopic;
import dev.clusterlink.offsets.sync.PartitionPlan;
import dev.clusterlink.offsets.sync.SyncReport;
import dev.clusterlink.runtime.store.PartitionOffsetsReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.store.PartitionOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer-offset sync of a link (DESIGN.md §6), the same code for the offset-sync
 * service's periodic rounds and the mirror worker's final sync on promote and failover.
 * Reads, in this order: the source's consumer groups that the link's group filters select
 * and their commits on the synced mirrors; the destination's log start and end offsets of
 * those partitions; the worker's record of the partitions (after the end offsets, so that
 * every destination record counted in an end offset has its run in the map); the groups
 * on the destination. Then plans each group with {@link GroupOffsetPlanner}, writes with
 * one {@code alterConsumerGroupOffsets} per group, and records the outcome with
 * {@link OffsetSyncStore}. Holds the link's offset-sync lock throughout.
 */
public final class GroupOffsetSync {

	private static final Logger log = LoggerFactory.getLogger(GroupOffsetSync.class);

	/** Mirrors a periodic round syncs: set up, and still the link's. */
	private static final Set<MirrorState> PERIODIC = EnumSet.of(MirrorState.ACTIVE, MirrorState.PAUSED,
			MirrorState.PENDING_STOPPED, MirrorState.SOURCE_UNAVAILABLE);

	private final OffsetSyncStore store;

	private final PartitionOffsetsReader partitions;

	private final Clock clock;

	public GroupOffsetSync(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	public GroupOffsetSync(DataSource dataSource, Clock clock) {
		this.store = new OffsetSyncStore(dataSource);
		this.partitions = new PartitionOffsetsReader(dataSource);
		this.clock = clock;
	}

	/**
	 * Whether a sync covers a mirror: set-up mirrors the link still owns; STOPPED ones
	 * only in the final sync that stops them.
	 * @param mirror the mirror
	 * @param finalSync whether this is the final sync of a promote or failover
	 * @return true when its groups are synced
	 */
	public static boolean syncable(MirrorRow mirror, boolean finalSync) {
		return PERIODIC.contains(mirror.state()) || (finalSync && mirror.state() == MirrorState.STOPPED);
	}

	/**
	 * Syncs the consumer groups of a link on some of its mirrors.
	 * @param link the link (its configs: group filters, allow backwards)
	 * @param mirrors the mirrors to sync; those {@link #syncable} skips are left out
	 * @param clusters the link's clusters
	 * @param options timeouts and the kind of sync
	 * @return what it did
	 * @throws OffsetSyncException when a cluster did not answer a read the whole round
	 * needs (nothing was written)
	 */
	public SyncReport run(LinkRow link, List<MirrorRow> mirrors, LinkClusters clusters, SyncOptions options) {
		Map<String, MirrorRow> bySource = new LinkedHashMap<>();
		mirrors.stream()
			.filter((mirror) -> syncable(mirror, options.finalSync()))
			.forEach((mirror) -> bySource.put(mirror.sourceTopic(), mirror));
		if (bySource.isEmpty()) {
			return new SyncReport(List.of(), 0, false);
		}
		Optional<OffsetSyncStore.Lock> lock = this.store.tryLock(link.id(), options.lockWait());
		if (lock.isEmpty()) {
			return SyncReport.wasBusy();
		}
		try (OffsetSyncStore.Lock held = lock.get()) {
			// the mirrors as they are now: another sync may have held the lock while they
			// changed (a final sync, after which the mirror is STOPPED and writable)
			Map<UUID, MirrorState> now = this.store
				.mirrorStates(bySource.values().stream().map(MirrorRow::id).toList());
			Map<String, MirrorRow> current = new LinkedHashMap<>();
			bySource.forEach((topic, mirror) -> {
				MirrorState state = now.get(mirror.id());
				MirrorRow fresh = (state != null) ? withState(mirror, state) : null;
				if (fresh != null && syncable(fresh, options.finalSync())) {
					current.put(topic, fresh);
				}
			});
			if (current.isEmpty()) {
				return new SyncReport(List.of(), 0, false);
			}
			return new Round(link, current, clusters, options).run();
		}
	}

	private static MirrorRow withState(MirrorRow mirror, MirrorState state) {
		return new MirrorRow(mirror.id(), mirror.linkId(), mirror.linkName(), mirror.name(), mirror.sourceTopic(),
				state, mirror.stateReason(), mirror.stoppedBy(), mirror.sourceTopicId(), mirror.version(),
				mirror.adoptsDestination());
	}

	/**
	 * The clusters of a link.
	 *
	 * @param source the source cluster's Admin client
	 * @param destination the destination cluster's Admin client
	 * @param secrets values that must never appear in a recorded reason
	 */
	public record LinkClusters(Admin source, Admin destination, Collection<String> secrets) {
	}

	/** One run, with what it read. */
	private final class Round {

		private final LinkRow link;

		private final LinkConfig config;

		private final Map<String, MirrorRow> mirrors;

		private final LinkClusters clusters;

		private final SyncOptions options;

		private final SyncReads reads;

		Round(LinkRow link, Map<String, MirrorRow> mirrors, LinkClusters clusters, SyncOptions options) {
			this.link = link;
			this.config = link.config();
			this.mirrors = mirrors;
			this.clusters = clusters;
			this.options = options;
			this.reads = new SyncReads(clusters, options);
		}

		SyncReport run() {
			Set<String> listed = this.reads.listSourceGroups();
			List<String> selected = listed.stream().filter(this.config.groupFilters()::matches).sorted().toList();
			Map<String, String> failed = new LinkedHashMap<>();
			Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = this.reads.sourceCommits(selected,
					this.mirrors.keySet(), failed);
			Map<String, MirroredTopic> mirrored = mirrored(commits);
			Map<String, DestinationGroup> destination = this.reads.destinationGroups(commits.keySet(), failed);

			List<GroupPlan> plans = new ArrayList<>();
			for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : commits.entrySet()) {
				DestinationGroup there = destination.get(group.getKey());
				GroupPlan plan = GroupOffsetPlanner.plan(group.getKey(), group.getValue(), mirrored,
						(there != null) ? there : DestinationGroup.ABSENT, this.config.offsetSyncAllowBackwards());
				plans.add(failed.containsKey(group.getKey()) ? plan.skipped(failed.get(group.getKey())) : plan);
			}
			// one alterConsumerGroupOffsets per group, all in flight together
			Map<String, AlterConsumerGroupOffsetsResult> calls = new HashMap<>();
			for (GroupPlan plan : plans) {
				Map<TopicPartition, OffsetAndMetadata> writes = plan.toWrite();
				if (plan.skipReason() == null && !writes.isEmpty()) {
					calls.put(plan.groupId(),
							this.clusters.destination().alterConsumerGroupOffsets(plan.groupId(), writes));
				}
			}
			List<GroupPlan> outcomes = new ArrayList<>();
			int written = 0;
			for (GroupPlan plan : plans) {
				GroupPlan outcome = settle(plan, calls.get(plan.groupId()));
				written += (int) outcome.partitions()
					.stream()
					.filter((partition) -> partition.action() == PartitionPlan.Action.WRITE)
					.count();
				outcomes.add(outcome);
			}
			remember(outcomes, listed, selected, failed);
			return new SyncReport(outcomes, written, false);
		}

		/**
		 * The mirrors the groups committed on, with the destination's log start and end
		 * offsets read before the worker's record of the partitions.
		 */
		private Map<String, MirroredTopic> mirrored(Map<String, Map<TopicPartition, OffsetAndMetadata>> commits) {
			Map<String, Set<Integer>> numbers = new LinkedHashMap<>();
			commits.values()
				.forEach((offsets) -> offsets.keySet()
					.forEach((tp) -> numbers.computeIfAbsent(tp.topic(), (topic) -> new TreeSet<>())
						.add(tp.partition())));
			Set<TopicPartition> destinationPartitions = new HashSet<>();
			numbers.forEach((topic, parts) -> parts
				.forEach((p) -> destinationPartitions.add(new TopicPartition(this.mirrors.get(topic).name(), p))));
			Map<TopicPartition, Long> starts = this.reads.destinationOffsets(destinationPartitions,
					OffsetSpec.earliest());
			Map<TopicPartition, Long> ends = this.reads.destinationOffsets(destinationPartitions, OffsetSpec.latest());
			Map<String, MirroredTopic> mirrored = new HashMap<>();
			for (String topic : numbers.keySet()) {
				MirrorRow mirror = this.mirrors.get(topic);
				Map<Integer, PartitionOffsets> recorded = new HashMap<>();
				GroupOffsetSync.this.partitions.read(mirror.id()).forEach((row) -> recorded.put(row.partition(), row));
				Map<Integer, Long> mirrorStarts = new HashMap<>();
				Map<Integer, Long> mirrorEnds = new HashMap<>();
				for (int p : numbers.get(topic)) {
					TopicPartition tp = new TopicPartition(mirror.name(), p);
					if (starts.containsKey(tp) && ends.containsKey(tp)) {
						mirrorStarts.put(p, starts.get(tp));
						mirrorEnds.put(p, ends.get(tp));
					}
				}
				mirrored.put(topic,
						new MirroredTopic(mirror, recorded, mirrorStarts, mirrorEnds, destinationIsCheckpoint(mirror)));
			}
			return mirrored;
		}

		/**
		 * Whether the destination end is the mirrored position: the worker stopped
		 * copying (final sync) or is stopping the mirror. Otherwise the stored progress
		 * is, which trails it by at most the worker's status interval.
		 */
		private boolean destinationIsCheckpoint(MirrorRow mirror) {
			return this.options.finalSync() || mirror.state() == MirrorState.PENDING_STOPPED
					|| mirror.state() == MirrorState.STOPPED;
		}

		/**
		 * The outcome of a group's write: partitions whose write failed come back held
		 * with the reason.
		 */
		private GroupPlan settle(GroupPlan plan, @Nullable AlterConsumerGroupOffsetsResult result) {
			if (result == null) {
				logPlan(plan);
				return plan;
			}
			Map<TopicPartition, OffsetAndMetadata> writes = plan.toWrite();
			Map<TopicPartition, String> failures = new HashMap<>();
			boolean becameActive = false;
			for (TopicPartition tp : writes.keySet()) {
				try {
					this.reads.awaitOne(result.partitionResult(tp));
				}
				catch (Exception ex) {
					Throwable cause = KafkaErrors.unwrap(ex);
					becameActive |= isActiveGroupError(cause);
					failures.put(tp, "writing the offset failed: " + this.reads.describe(ex));
				}
			}
			if (becameActive) {
				String why = "the group became active on the destination while it was being synced ("
						+ failures.values().iterator().next()
						+ "): its offsets there are left alone; it is synced once it is empty";
				log.debug("sync({}): {}", plan.groupId(), why);
				return plan.skipped(why);
			}
			List<PartitionPlan> partitions = new ArrayList<>();
			for (PartitionPlan partition : plan.partitions()) {
				String failure = failures.get(new TopicPartition(partition.mirrorTopic(), partition.partition()));
				partitions.add((failure != null && partition.action() == PartitionPlan.Action.WRITE)
						? partition.held(failure) : partition);
			}
			GroupPlan outcome = new GroupPlan(plan.groupId(), null, plan.destinationMembers(), partitions);
			logPlan(outcome);
			return outcome;
		}

		/**
		 * Records the round; groups recorded before and not synced now are marked with
		 * the reason, and their destination offsets left as they are.
		 */
		private void remember(List<GroupPlan> outcomes, Set<String> listed, List<String> selected,
				Map<String, String> failed) {
			Instant now = GroupOffsetSync.this.clock.instant();
			UUID linkId = this.link.id();
			Map<String, Set<Map.Entry<String, Integer>>> recorded = GroupOffsetSync.this.store
				.recordedPartitions(linkId);
			GroupOffsetSync.this.store.record(linkId, outcomes, now);
			for (GroupPlan outcome : outcomes) {
				Set<Map.Entry<String, Integer>> planned = new HashSet<>();
				outcome.partitions().forEach((p) -> planned.add(Map.entry(p.sourceTopic(), p.partition())));
				List<Map.Entry<String, Integer>> gone = recorded.getOrDefault(outcome.groupId(), Set.of())
					.stream()
					.filter((p) -> this.mirrors.containsKey(p.getKey()) && !planned.contains(p))
					.toList();
				GroupOffsetSync.this.store.markPartitions(linkId, outcome.groupId(), gone,
						"no committed offset on the source any more: the destination offset is left as it is", now);
			}
			Set<String> synced = new HashSet<>();
			outcomes.forEach((outcome) -> synced.add(outcome.groupId()));
			Set<String> selection = new HashSet<>(selected);
			Map<String, String> reasons = new LinkedHashMap<>();
			for (String group : recorded.keySet()) {
				if (synced.contains(group)) {
					continue;
				}
				if (!listed.contains(group)) {
					reasons.put(group, "the group no longer exists on the source (deleted, or its offsets expired): "
							+ "its destination offsets are left as they are");
				}
				else if (!selection.contains(group)) {
					reasons.put(group, "consumer.offset.group.filters no longer selects the group: "
							+ "its destination offsets are left as they are");
				}
				else if (failed.containsKey(group)) {
					reasons.put(group, failed.get(group));
				}
			}
			GroupOffsetSync.this.store.markGroups(linkId, reasons, now);
		}

		private void logPlan(GroupPlan plan) {
			if (!log.isDebugEnabled()) {
				return;
			}
			for (PartitionPlan partition : plan.partitions()) {
				log.debug("sync({},{}-{},{}): {} -> {}{}{}", plan.groupId(), partition.sourceTopic(),
						partition.partition(), partition.sourceOffset(), partition.action(),
						partition.translatedOffset(), partition.clamped() ? " (clamped to the mirrored end)" : "",
						(partition.reason() != null) ? " (" + partition.reason() + ")" : "");
			}
		}

	}

	/**
	 * Failures that mean the group has members now: Kafka refuses offset changes of a
	 * group that is not empty.
	 */
	private static boolean isActiveGroupError(Throwable cause) {
		return cause instanceof UnknownMemberIdException || cause instanceof GroupNotEmptyException
				|| cause instanceof RebalanceInProgressException || cause instanceof IllegalGenerationException
				|| cause instanceof FencedMemberEpochException;
	}

}
