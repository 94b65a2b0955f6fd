package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.config.StartOffsetSpec;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.topics.SyncedConfigs;
import dev.clusterlink.mirrorworker.topics.Topics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.PartitionState;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.store.PartitionOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Sets a mirror up before it copies anything (DESIGN.md §4): records the source topic id,
 * creates the destination topic with the source's partition count and synced configs, and
 * fixes each partition's start offset and offset mode. A source log that starts at
 * {@code S > 0} is matched on the destination by writing {@code S} placeholders and
 * deleting them ({@code deleteRecords(S)}), so the partition is IDENTICAL; above
 * {@code mirror.gap.fill.max.records} it is SHIFTED. Every step is idempotent and
 * recorded before it is taken, so a worker that dies half-way is continued by the next
 * owner.
 */
@Component
class MirrorSetup {

	private static final Logger log = LoggerFactory.getLogger(MirrorSetup.class);

	private final ClusterAdmins clusters;

	private final PartitionStore partitions;

	private final MirrorStateStore mirrors;

	private final LeaseKeeper leases;

	private final WorkerProperties properties;

	MirrorSetup(ClusterAdmins clusters, PartitionStore partitions, MirrorStateStore mirrors, LeaseKeeper leases,
			WorkerProperties properties) {
		this.clusters = clusters;
		this.partitions = partitions;
		this.mirrors = mirrors;
		this.leases = leases;
		this.properties = properties;
	}

	/**
	 * Sets up whatever is not set up yet and returns every partition ready to copy
	 * (halted ones carry their halt).
	 * @param mirror the mirror
	 * @param link its link
	 * @param lease the mirror's lease
	 * @param acknowledged whether the operator acknowledged the halts of the mirror
	 * (resume with acknowledgeDataLoss=true): halted partitions are resolved instead of
	 * staying halted
	 * @return the partitions
	 * @throws SetupHalt when the mirror cannot be set up without an operator
	 */
	List<PartitionMirror> setUp(MirrorRow mirror, LinkRow link, Lease lease, boolean acknowledged) {
		Duration timeout = this.properties.adminTimeout();
		Admin source = this.clusters.admin(link.sourceClusterId());
		Admin destination = this.clusters.admin(link.destinationClusterId());
		TopicDescription sourceTopic = Topics.describe(source, mirror.sourceTopic(), timeout)
			.orElseThrow(() -> new SetupHalt(Halt.sourceTopicGone(mirror.sourceTopic())));
		String topicId = sourceTopic.topicId().toString();
		boolean reset = false;
		if (mirror.sourceTopicId() == null) {
			this.mirrors.recordSourceTopicId(lease, topicId);
		}
		else if (!mirror.sourceTopicId().equals(topicId)) {
			if (!acknowledged) {
				throw new SetupHalt(Halt.topicReset(mirror.sourceTopic(), mirror.sourceTopicId(), topicId));
			}
			this.mirrors.recordSourceTopicId(lease, topicId);
			reset = true;
		}
		LinkConfig config = link.config();
		int partitionCount = sourceTopic.partitions().size();
		Map<Integer, PartitionOffsets> rows = new HashMap<>();
		this.partitions.read(mirror.id()).forEach((row) -> rows.put(row.partition(), row));
		// a reversed mirror's topic is the old source topic: never created anew
		ensureDestinationTopic(destination, mirror, source, partitionCount, config,
				mirror.adoptsDestination() || rows.values().stream().anyMatch(PartitionOffsets::isSetUp));
		if (rows.isEmpty()) {
			// the mirror's creation: mirror.start.offset.spec fixes where every partition
			// it has now starts, recorded before any is set up; a partition added later
			// starts at its beginning (a new partition's records are all new)
			for (int p = 0; p < partitionCount; p++) {
				this.partitions.beginSetUp(lease, p,
						startOffset(source, new TopicPartition(mirror.sourceTopic(), p), config.startOffset()));
			}
			this.partitions.read(mirror.id()).forEach((row) -> rows.put(row.partition(), row));
		}
		ClusterConnection destinationConnection = this.clusters.connection(link.destinationClusterId());
		List<PartitionMirror> ready = new ArrayList<>();
		for (int p = 0; p < partitionCount; p++) {
			TopicPartition sourceTp = new TopicPartition(mirror.sourceTopic(), p);
			TopicPartition destinationTp = new TopicPartition(mirror.name(), p);
			PartitionOffsets row = rows.get(p);
			boolean setUp = row != null && row.isSetUp();
			OffsetMap map;
			if (!setUp && isAdopted(mirror, row)) {
				map = adoptPartition(lease, destination, destinationTp, row);
			}
			else if (!setUp) {
				map = setUpPartition(lease, source, destination, destinationConnection, sourceTp, destinationTp, row,
						config);
			}
			else if (reset) {
				map = restart(lease, source, destination, sourceTp, destinationTp);
			}
			else {
				map = row.map();
			}
			PartitionMirror pm = new PartitionMirror(mirror.id(), mirror.linkName(), mirror.name(), sourceTp,
					destinationTp, lease, map);
			pm.skipLoss(config.skipDataLoss());
			if (setUp && !reset) {
				pm.restoreSkipPoint(row.mirroredOffset(), row.destinationEnd());
				resolveHalt(pm, row, acknowledged, destination);
			}
			ready.add(pm);
		}
		return ready;
	}

	/**
	 * After an acknowledged topic reset the new source topic continues after what was
	 * mirrored: one fresh run from the new topic's start to the destination end. Offsets
	 * of the old topic no longer translate.
	 */
	private OffsetMap restart(Lease lease, Admin source, Admin destination, TopicPartition sourceTp,
			TopicPartition destinationTp) {
		Duration timeout = this.properties.adminTimeout();
		long start = Topics.offsets(source, List.of(sourceTp), OffsetSpec.earliest(), timeout).get(sourceTp);
		long destinationEnd = Topics.offsets(destination, List.of(destinationTp), OffsetSpec.latest(), timeout)
			.get(destinationTp);
		this.partitions.restartMap(lease, destinationTp.partition(), start, destinationEnd, 0);
		log.info("setup({}): source topic was recreated; its offsets from {} continue at destination offset {}",
				destinationTp, start, destinationEnd);
		return OffsetMap.translated(List.of(new OffsetSegment(start, destinationEnd)));
	}

	private void ensureDestinationTopic(Admin destination, MirrorRow mirror, Admin source, int partitionCount,
			LinkConfig config, boolean copiedBefore) {
		Duration timeout = this.properties.adminTimeout();
		Optional<TopicDescription> existing = Topics.describe(destination, mirror.name(), timeout);
		if (existing.isEmpty() && copiedBefore) {
			// never recreated under a mirror that copied into it: its offsets and the
			// consumer offsets synced to it would point into an empty topic
			throw new SetupHalt(Halt.destinationTopicGone(mirror.name()));
		}
		if (existing.isEmpty()) {
			Map<String, String> configs = SyncedConfigs.whileMirroring(
					Topics.explicitConfigs(source, mirror.sourceTopic(), timeout), config.topicConfigSyncExclude());
			// placeholders and deleteRecords need a deletable log; compaction is applied
			// by the config sync
			configs.put("cleanup.policy", "delete");
			short replication = this.properties.replicationFactor();
			NewTopic topic = new NewTopic(mirror.name(), Optional.of(partitionCount),
					(replication > 0) ? Optional.of(replication) : Optional.empty())
				.configs(configs);
			Topics.get(destination.createTopics(List.of(topic)).all(), timeout);
			log.info("setup({}/{}): created destination topic with {} partition(s)", mirror.linkName(), mirror.name(),
					partitionCount);
		}
		else if (existing.get().partitions().size() < partitionCount) {
			Topics.get(
					destination.createPartitions(Map.of(mirror.name(), NewPartitions.increaseTo(partitionCount))).all(),
					timeout);
			log.info("setup({}/{}): destination grown to {} partition(s)", mirror.linkName(), mirror.name(),
					partitionCount);
		}
	}

	/**
	 * Whether a partition is one the link manager handed over with a reversed mirror: its
	 * start offset and the destination end it found are recorded together (a partition
	 * added to the source later is set up the usual way).
	 */
	private static boolean isAdopted(MirrorRow mirror, @Nullable PartitionOffsets row) {
		return mirror.adoptsDestination() && row != null && row.startOffset() != null && row.destinationEnd() != null
				&& row.startOffset().longValue() == row.destinationEnd().longValue();
	}

	/**
	 * Adopts a partition of a reversed mirror (failback, DESIGN.md §5): the destination
	 * is the old source topic, which holds, at identical offsets, every record before the
	 * start offset; the link manager checked that and that its tail equals the new
	 * source. Copying continues at the start offset, IDENTICAL. Nothing is filled or
	 * deleted. A destination that no longer ends at the start offset (written or
	 * recreated since the reverse was accepted) halts the partition before anything is
	 * written.
	 */
	private OffsetMap adoptPartition(Lease lease, Admin destination, TopicPartition destinationTp,
			PartitionOffsets row) {
		long start = row.startOffset();
		long destinationEnd = Topics
			.offsets(destination, List.of(destinationTp), OffsetSpec.latest(), this.properties.adminTimeout())
			.get(destinationTp);
		if (destinationEnd > start) {
			throw new SetupHalt(Halt.destinationNotEmpty(destinationTp.partition(), destinationEnd, start));
		}
		if (destinationEnd < start) {
			throw new SetupHalt(Halt.adoptedTopicShrunk(destinationTp.partition(), destinationEnd, start));
		}
		OffsetMap map = OffsetMap.identical(start);
		this.partitions.completeSetUp(lease, destinationTp.partition(), map, destinationEnd);
		log.info("setup({}): adopted the old source topic, continuing at offset {}", destinationTp, start);
		return map;
	}

	private OffsetMap setUpPartition(Lease lease, Admin source, Admin destination,
			ClusterConnection destinationConnection, TopicPartition sourceTp, TopicPartition destinationTp,
			@Nullable PartitionOffsets row, LinkConfig config) {
		Duration timeout = this.properties.adminTimeout();
		long start = (row != null && row.startOffset() != null) ? row.startOffset()
				: startOffset(source, sourceTp, new StartOffsetSpec.Earliest());
		this.partitions.beginSetUp(lease, destinationTp.partition(), start);
		long destinationEnd = Topics.offsets(destination, List.of(destinationTp), OffsetSpec.latest(), timeout)
			.get(destinationTp);
		if (destinationEnd > start) {
			throw new SetupHalt(Halt.destinationNotEmpty(destinationTp.partition(), destinationEnd, start));
		}
		OffsetMap map;
		if (start == 0) {
			map = OffsetMap.identical(0);
		}
		else if (start <= config.gapFillMaxRecords()) {
			fill(lease, destination, destinationConnection, destinationTp, destinationEnd, start);
			map = OffsetMap.identical(start);
			destinationEnd = start;
		}
		else {
			map = OffsetMap.shifted(start, start - destinationEnd);
		}
		this.partitions.completeSetUp(lease, destinationTp.partition(), map, destinationEnd);
		log.info("setup({}): starts at source offset {}, {}", destinationTp, start, map);
		return map;
	}

	private long startOffset(Admin source, TopicPartition tp, StartOffsetSpec spec) {
		Duration timeout = this.properties.adminTimeout();
		return switch (spec) {
			case StartOffsetSpec.Earliest earliest ->
				Topics.offsets(source, List.of(tp), OffsetSpec.earliest(), timeout).get(tp);
			case StartOffsetSpec.Latest latest ->
				Topics.offsets(source, List.of(tp), OffsetSpec.latest(), timeout).get(tp);
			case StartOffsetSpec.Timestamp at -> {
				long offset = Topics
					.offsets(source, List.of(tp), OffsetSpec.forTimestamp(at.timestamp().toEpochMilli()), timeout)
					.get(tp);
				yield (offset >= 0) ? offset
						: Topics.offsets(source, List.of(tp), OffsetSpec.latest(), timeout).get(tp);
			}
		};
	}

	/**
	 * Writes placeholders until the destination partition ends at {@code start}, then
	 * deletes them, so that the destination log starts where the source log starts. The
	 * placeholders carry no key, no value and no header, compressed with zstd; nobody
	 * ever reads them.
	 */
	private void fill(Lease lease, Admin destination, ClusterConnection destinationConnection, TopicPartition tp,
			long destinationEnd, long start) {
		Duration timeout = this.properties.adminTimeout();
		long missing = start - destinationEnd;
		if (missing > 0) {
			Map<String, Object> config = KafkaClientFactory.rawProducerConfig(destinationConnection,
					"clusterlink-worker-" + this.properties.instanceId() + "-fill");
			config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
			config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
			config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
			// never expires (placeholders are all alike, but their count must be exact);
			// the wait for the last one is bounded, and a fill that does not complete is
			// aborted and retried by the next set-up round
			config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
			config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
					(int) this.properties.producer().requestTimeout().toMillis());
			KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
			try {
				java.util.concurrent.Future<?> last = null;
				for (long i = 0; i < missing; i++) {
					if (i % 10_000 == 0 && !this.leases.canSend(lease.mirrorId())) {
						throw new LeaseLostException(lease.mirrorId());
					}
					last = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, null, (byte[]) null));
				}
				last.get(this.properties.drainTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				throw new IllegalStateException("filling the leading gap of " + tp + " did not complete: " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while filling the leading gap of " + tp, ex);
			}
			finally {
				producer.close(Duration.ZERO); // abort, never flush (DESIGN.md §4)
			}
			long end = Topics.offsets(destination, List.of(tp), OffsetSpec.latest(), timeout).get(tp);
			if (end != start) {
				throw new SetupHalt(Halt.fillMismatch(tp.partition(), end, start));
			}
			log.info("setup({}): filled the leading gap with {} placeholder(s)", tp, missing);
		}
		Topics.get(destination.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(start))).all(), timeout);
	}

	/**
	 * A partition halted earlier stays halted, unless the operator acknowledged the halt:
	 * then it is resolved so copying can go on without writing over what was mirrored.
	 */
	private void resolveHalt(PartitionMirror pm, PartitionOffsets row, boolean acknowledged, Admin destination) {
		PartitionState stored = PartitionState.fromStored(row.state());
		MirrorState state = (stored != null) ? stored.halt() : null;
		if (state == null) {
			return;
		}
		if (!acknowledged) {
			pm.halt(Halt.stored(state, row.lastError()));
			return;
		}
		TopicPartition tp = pm.destination;
		long destinationEnd = Topics
			.offsets(destination, List.of(tp), OffsetSpec.latest(), this.properties.adminTimeout())
			.get(tp);
		switch (state) {
			case DATA_LOSS -> pm.skipLoss(true);
			case OFFSET_DIVERGED, FAILED, TOPIC_RESET -> {
				long verifiedSource = (row.mirroredOffset() != null) ? row.mirroredOffset()
						: row.map().sourcePositionFor(destinationEnd);
				long verifiedDestination = (row.destinationEnd() != null) ? row.destinationEnd() : destinationEnd;
				if (destinationEnd > verifiedDestination) {
					// the records between verifiedDestination and destinationEnd are not
					// copies: they stay unmapped
					OffsetMap map = pm.map()
						.withRunAfterForeignRecords(verifiedDestination, verifiedSource, destinationEnd);
					this.partitions.replaceRuns(pm.lease, tp.partition(), map);
					pm.replaceMap(map);
				}
			}
			default -> {
			}
		}
		log.info("setup({}): {} acknowledged by an operator, continuing", tp, state);
	}

	/** The mirror cannot be set up without an operator. */
	static final class SetupHalt extends RuntimeException {

		private final Halt halt;

		SetupHalt(Halt halt) {
			super(halt.reason());
			this.halt = halt;
		}

		Halt halt() {
			return this.halt;
		}

	}

}
