package dev.clusterlink.mirrorworker.mirror;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.runtime.control.ControlCluster;
import dev.clusterlink.runtime.membership.CommandTopicMembership;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings the mirrors this worker owns to their desired state, level-triggered (DESIGN.md
 * §3): on a timer, on every (re)assignment of command partitions and on every command, it
 * re-reads the state store and reconciles; a lost or duplicated command changes nothing.
 * It coordinates: {@link MirrorRunner} starts and stops mirrors, {@link MirrorStopper}
 * promotes and fails over, {@link HaltPolicy} decides halts, {@link RunningMirrors} is
 * what runs.
 *
 * <p>
 * Ownership: a mirror is this worker's when the command partition of its key is assigned
 * to it; it may be written only under its lease. Revoked partitions are drained and their
 * leases released before the group hands them on, so a planned handover does not wait for
 * lease expiry.
 *
 * <p>
 * Threads (DESIGN.md §9): everything here runs on the {@code mirror-reconciler} thread
 * ({@link ReconcilerThread}). The command-topic membership thread only submits work
 * (revocation waits for it); the {@code lease-renewer} thread submits the stop of a
 * mirror whose lease was lost; the {@code lease-fence} thread, which never waits, only
 * fences the mirror's pipeline ({@link RunningMirrors#fence}).
 */
@Component
public class MirrorReconciler implements CommandTopicMembership.Listener, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MirrorReconciler.class);

	private final WorkerProperties properties;

	private final ControlCluster control;

	private final StateStoreReader store;

	private final LeaseKeeper leases;

	private final ReconcilerThread thread;

	private final RunningMirrors running;

	private final MirrorRunner runner;

	private final HaltPolicy halts;

	private final MirrorStopper stopper;

	private volatile CommandTopicMembership membership;

	private volatile boolean started;

	MirrorReconciler(WorkerProperties properties, ControlCluster control, StateStoreReader store, LeaseKeeper leases,
			ReconcilerThread thread, RunningMirrors running, MirrorRunner runner, HaltPolicy halts,
			MirrorStopper stopper) {
		this.properties = properties;
		this.control = control;
		this.store = store;
		this.leases = leases;
		this.thread = thread;
		this.running = running;
		this.runner = runner;
		this.halts = halts;
		this.stopper = stopper;
		leases.onLost((lease) -> thread.submit(() -> runner.stopLocally(lease.mirrorId(), "its lease was lost")));
		// on the fence thread, without waiting for the reconciler: the send window closed
		leases.onFenced((lease) -> running.fence(lease.mirrorId()));
	}

	// ---- lifecycle
	// --------------------------------------------------------------------------------

	@Override
	public void start() {
		this.membership = new CommandTopicMembership(this.control.bootstrapServers(), this.control.properties(),
				this.control.commandTopic(), "clusterlink-mirror-workers", this.properties.instanceId(),
				this.properties.sessionTimeout(), this);
		this.membership.start();
		this.thread.every(this.properties.reconcileInterval().toMillis(), this::reconcileAll);
		this.started = true;
		log.info("mirror worker {} started", this.properties.instanceId());
	}

	/**
	 * Leaves the group: every mirror is drained and its lease released, then the
	 * pipelines close.
	 */
	@Override
	public void stop() {
		this.started = false;
		if (this.membership != null) {
			this.membership.close();
		}
		this.thread.runAndWait(() -> {
			this.running.ids().forEach((id) -> this.runner.stopLocally(id, "the worker shuts down"));
			this.running.closeAllPipelines();
		});
		this.thread.shutdown();
		log.info("mirror worker {} stopped", this.properties.instanceId());
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	// ---- membership (the membership thread submits)
	// ----------------------------------------------

	@Override
	public void onAssigned(Set<Integer> partitions) {
		this.thread.submit(this::reconcileAll);
	}

	@Override
	public void onRevoked(Set<Integer> revoked) {
		this.thread.runAndWait(() -> {
			for (Running mirror : this.running.all()) {
				if (revoked.contains(commandPartition(mirror.row()))) {
					this.runner.stopLocally(mirror.row().id(), "its command partition moved to another worker");
				}
			}
		});
	}

	@Override
	public void onCommand(Command command) {
		if (command instanceof MirrorChanged changed) {
			this.thread.submit(() -> reconcileOne(changed.entityId()));
		}
		else {
			this.thread.submit(this::reconcileAll);
		}
	}

	// ---- reconciliation (reconciler thread)
	// -------------------------------------------------------

	void reconcileAll() {
		if (this.membership == null) {
			return;
		}
		Map<UUID, LinkRow> links = new HashMap<>();
		this.store.links().forEach((link) -> links.put(link.id(), link));
		Set<UUID> owned = new HashSet<>();
		for (MirrorRow mirror : this.store.mirrors()) {
			if (owns(mirror)) {
				owned.add(mirror.id());
				reconcile(mirror, links.get(mirror.linkId()));
			}
		}
		for (UUID id : this.running.ids()) {
			if (!owned.contains(id)) {
				this.runner.stopLocally(id, "it is deleted or owned by another worker");
			}
		}
		// held but not running here: nothing of them is in flight from this worker
		this.leases.heldMirrors()
			.stream()
			.filter((id) -> !owned.contains(id) && !this.running.isRunning(id))
			.forEach((id) -> this.leases.release(id, true));
		this.running.closeIdlePipelines();
	}

	private void reconcileOne(UUID mirrorId) {
		MirrorRow mirror = this.store.mirror(mirrorId).orElse(null);
		if (mirror == null || !owns(mirror)) {
			this.runner.stopLocally(mirrorId, "it is deleted or owned by another worker");
			this.leases.release(mirrorId, true);
			this.running.closeIdlePipelines();
			return;
		}
		reconcile(mirror, this.store.link(mirror.linkId()).orElse(null));
	}

	private void reconcile(MirrorRow mirror, @Nullable LinkRow link) {
		if (link == null) {
			return;
		}
		MDC.put("mirror", mirror.linkName() + "/" + mirror.name());
		try {
			if (mirror.state() == MirrorState.STOPPED) {
				this.runner.stopLocally(mirror.id(), "it is stopped");
				this.leases.release(mirror.id(), true);
				return;
			}
			Lease lease = this.leases.acquire(mirror.id());
			if (lease == null) {
				log.debug("reconcile({}/{}): lease held by another worker, waiting for it to expire", mirror.linkName(),
						mirror.name());
				return;
			}
			switch (mirror.state()) {
				case PENDING_STOPPED -> this.stopper.advance(mirror, link, lease);
				case PAUSED -> pause(mirror);
				case PENDING, ACTIVE, SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
					copy(mirror, link, lease);
				case STOPPED -> {
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("reconcile({}/{}): {}", mirror.linkName(), mirror.name(), KafkaErrors.describe(ex, List.of()));
		}
		finally {
			MDC.remove("mirror");
		}
	}

	/**
	 * Makes a mirror copy (set up first when needed); the mirror then shows the run:
	 * ACTIVE, or the first halt of the run.
	 */
	private void copy(MirrorRow mirror, LinkRow link, Lease lease) {
		Running current = this.running.get(mirror.id());
		boolean resumedAfterHalt = mirror.state() == MirrorState.PENDING && current != null && current.anyHalted()
				&& mirror.version() > current.startVersion();
		if (current != null && (resumedAfterHalt || !this.runner.usesClustersOf(current, link))) {
			this.runner.stopLocally(mirror.id(),
					resumedAfterHalt ? "an operator acknowledged its halt" : "its clusters changed");
			current = null;
			lease = this.leases.acquire(mirror.id()); // stopping released it: the next
														// epoch
			if (lease == null) {
				return;
			}
		}
		if (current == null) {
			current = this.runner.start(mirror, link, lease);
			if (current == null) {
				return;
			}
		}
		else {
			this.running.put(current.withRow(mirror));
		}
		current.pipeline().pause(mirror.id(), link.paused());
		this.halts.showRun(mirror, lease, current);
	}

	private void pause(MirrorRow mirror) {
		Running current = this.running.get(mirror.id());
		if (current != null) {
			this.running.put(current.withRow(mirror));
			current.pipeline().pause(mirror.id(), true);
		}
	}

	private boolean owns(MirrorRow mirror) {
		return this.membership.owns(Ownership.mirrorKey(mirror.linkName(), mirror.name()));
	}

	private int commandPartition(MirrorRow mirror) {
		int partitions = this.membership.partitionCount();
		return (partitions > 0)
				? Ownership.partitionFor(Ownership.mirrorKey(mirror.linkName(), mirror.name()), partitions) : -1;
	}

}
