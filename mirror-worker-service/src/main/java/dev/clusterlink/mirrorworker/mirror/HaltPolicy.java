package dev.clusterlink.mirrorworker.mirror;

import java.util.UUID;
import java.util.function.LongConsumer;

import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.topics.Topics;
import dev.clusterlink.model.MirrorEvent;
import dev.clusterlink.model.MirrorLifecycle;
import dev.clusterlink.model.MirrorTransition;
import dev.clusterlink.model.PartitionState;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The one place that decides halts (DESIGN.md §5): whether a condition halts a partition
 * (data loss, topic reset, a source log behind the mirror) and which {@link MirrorEvent
 * halt transition} the mirror makes when a partition halted. The messages are
 * {@link Halt}'s.
 *
 * <p>
 * Threads and rights (DESIGN.md §9): a partition's halt is a compare-and-set on the
 * partition ({@link PartitionMirror#halt}), taken on whichever thread finds it (copy
 * thread, producer I/O thread, topic-config sync); reporting it to the mirror
 * ({@link #halted}) only submits work to the {@code mirror-reconciler} thread, which
 * alone writes mirror states and partition rows for a halt, and reads the registry.
 */
@Component
class HaltPolicy implements LinkPipeline.Events {

	private static final Logger log = LoggerFactory.getLogger(HaltPolicy.class);

	private final ReconcilerThread reconciler;

	private final RunningMirrors running;

	private final StateStoreReader store;

	private final MirrorStateStore states;

	private final LeaseKeeper leases;

	private final PartitionStore partitions;

	private final ClusterAdmins clusters;

	private final WorkerProperties properties;

	HaltPolicy(ReconcilerThread reconciler, RunningMirrors running, StateStoreReader store, MirrorStateStore states,
			LeaseKeeper leases, PartitionStore partitions, ClusterAdmins clusters, WorkerProperties properties) {
		this.reconciler = reconciler;
		this.running = running;
		this.store = store;
		this.states = states;
		this.leases = leases;
		this.partitions = partitions;
		this.clusters = clusters;
		this.properties = properties;
	}

	// ---- decisions (the thread that finds the condition)

	/**
	 * A partition halted (copy thread or producer I/O thread, once per halt: see
	 * {@link PartitionMirror#reportHalt}): the reconciler shows it on the mirror.
	 */
	@Override
	public void halted(PartitionMirror partition) {
		this.reconciler.submit(() -> showPartitionHalt(partition));
	}

	/**
	 * The source no longer has the offset a partition would fetch (copy thread): records
	 * retention deleted before they were mirrored are skipped when the link's policy or
	 * an operator's acknowledgement allows it, else the partition halts in DATA_LOSS; a
	 * recreated source topic halts it in TOPIC_RESET; a source log that ends before the
	 * mirrored position in FAILED.
	 */
	@Override
	public void outOfRange(PartitionMirror pm, long fetchOffset, long sourceStart, long sourceEnd,
			LongConsumer skipTo) {
		if (fetchOffset < sourceStart) {
			if (pm.skipsLoss()) {
				long lost = sourceStart - fetchOffset;
				this.partitions.addRecordsLost(pm.lease, pm.source.partition(), lost);
				log.warn(
						"copy({}): source retention deleted offsets {}..{} ({} records) before they were mirrored; "
								+ "skipped (mirror.data.loss.policy=skip or acknowledged)",
						pm, fetchOffset, sourceStart - 1, lost);
				skipTo.accept(sourceStart);
				return;
			}
			halt(pm, Halt.dataLoss(pm.source.partition(), fetchOffset, sourceStart));
		}
		else if (recreatedSourceTopic(pm) instanceof Halt reset) {
			halt(pm, reset);
		}
		else {
			halt(pm, Halt.sourceLogBehind(pm.source.partition(), sourceEnd, fetchOffset));
		}
	}

	/**
	 * The topic-config sync read a partition's source log start offset (topic-config-sync
	 * thread): past the next offset to copy of a partition with nothing in flight, it is
	 * data loss, unless the partition skips such loss.
	 */
	void sourceStartObserved(PartitionMirror pm, @Nullable Long sourceStart) {
		if (sourceStart != null && pm.isStarted() && pm.halted() == null && !pm.skipsLoss() && pm.inFlight() == 0
				&& sourceStart > pm.nextSource()) {
			halt(pm, Halt.dataLoss(pm.source.partition(), pm.nextSource(), sourceStart));
		}
	}

	/**
	 * The source topic's id changed (topic-config-sync thread): on the reconciler thread,
	 * unless the mirror stopped or an operator acknowledged the new topic meanwhile,
	 * every partition halts in TOPIC_RESET, fetching stops and the mirror shows it.
	 */
	void topicReset(UUID mirrorId, String expectedId, String actualId) {
		this.reconciler.submit(() -> {
			Running mirror = this.running.get(mirrorId);
			MirrorRow row = this.store.mirror(mirrorId).orElse(null);
			if (mirror == null || row == null || actualId.equals(row.sourceTopicId())) {
				return;
			}
			Halt halt = Halt.topicReset(mirror.row().sourceTopic(), expectedId, actualId);
			mirror.partitions().forEach((pm) -> pm.halt(halt));
			mirror.pipeline().pause(mirrorId, true);
			showHalt(mirrorId, halt);
		});
	}

	/** Halts a partition (the first halt wins) and reports it once. */
	private void halt(PartitionMirror pm, Halt halt) {
		pm.halt(halt);
		if (pm.reportHalt()) {
			halted(pm);
		}
	}

	// ---- what the mirror shows (reconciler thread)

	/**
	 * A reconcile found a halt of the mirror's current run, or none (reconciler thread):
	 * {@link MirrorEvent#RUN_HALTED} with the first halted partition's halt, else
	 * {@link MirrorEvent#COPYING}.
	 */
	void showRun(MirrorRow mirror, Lease lease, Running current) {
		Halt halt = current.firstHalt();
		if (halt != null) {
			this.states.transition(mirror, lease,
					MirrorLifecycle.onHalt(MirrorEvent.RUN_HALTED, halt.state(), mirror.state(), mirror.stoppedBy()),
					halt.reason());
			return;
		}
		MirrorTransition copying = MirrorLifecycle.on(MirrorEvent.COPYING, mirror.state(), mirror.stoppedBy());
		if (this.states.transition(mirror, lease, copying, null)) {
			log.info("mirror {}/{} is ACTIVE ({} partition(s))", mirror.linkName(), mirror.name(),
					current.partitions().size());
		}
	}

	/** The set-up found a halt (reconciler thread): {@link MirrorEvent#SET_UP_HALTED}. */
	void showSetUpHalt(MirrorRow mirror, Lease lease, Halt halt) {
		MirrorTransition transition = MirrorLifecycle.onHalt(MirrorEvent.SET_UP_HALTED, halt.state(), mirror.state(),
				mirror.stoppedBy());
		if (transition.changed()) {
			this.states.transition(mirror, lease, transition, halt.reason());
			log.warn("mirror {}/{} halted in {}: {}", mirror.linkName(), mirror.name(), halt.state(), halt.reason());
		}
	}

	private void showPartitionHalt(PartitionMirror pm) {
		Halt halt = pm.halted();
		Running current = this.running.get(pm.mirrorId);
		if (current == null || !current.partitions().contains(pm)) {
			return; // a partition of a run stopped since (e.g. after an acknowledgement)
		}
		if (halt != null) {
			log.warn("copy({}): halted in {}: {}", pm, halt.state(), halt.reason());
			showHalt(pm.mirrorId, halt);
		}
	}

	/**
	 * Writes the partition rows (which partitions halted, and where: an operator's
	 * acknowledgement reads them), then the mirror's
	 * {@link MirrorEvent#PARTITION_HALTED}.
	 */
	private void showHalt(UUID mirrorId, Halt halt) {
		MirrorRow row = this.store.mirror(mirrorId).orElse(null);
		Lease lease = this.leases.get(mirrorId);
		if (row == null || lease == null) {
			return;
		}
		Running current = this.running.get(mirrorId);
		if (current != null) {
			PartitionState state = PartitionState.running(current.pipeline().isPaused(mirrorId));
			this.partitions.writeProgress(current.partitions()
				.stream()
				.filter(PartitionMirror::hasProgress)
				.map((pm) -> pm.progress(state, current.pipeline().lastFailure()))
				.toList());
		}
		this.states.transition(row, lease,
				MirrorLifecycle.onHalt(MirrorEvent.PARTITION_HALTED, halt.state(), row.state(), row.stoppedBy()),
				halt.reason());
	}

	/** A TOPIC_RESET halt when the source topic was recreated, else {@code null}. */
	private @Nullable Halt recreatedSourceTopic(PartitionMirror pm) {
		try {
			MirrorRow row = this.store.mirror(pm.mirrorId).orElse(null);
			LinkRow link = (row != null) ? this.store.link(row.linkId()).orElse(null) : null;
			if (row == null || link == null || row.sourceTopicId() == null) {
				return null;
			}
			return Topics
				.describe(this.clusters.admin(link.sourceClusterId()), pm.source.topic(),
						this.properties.adminTimeout())
				.map((topic) -> topic.topicId().toString())
				.filter((id) -> !id.equals(row.sourceTopicId()))
				.map((id) -> Halt.topicReset(pm.source.topic(), row.sourceTopicId(), id))
				.orElse(null);
		}
		catch (RuntimeException ex) {
			log.debug("copy({}): checking the source topic id failed: {}", pm, ex.getMessage());
			return null;
		}
	}

}
