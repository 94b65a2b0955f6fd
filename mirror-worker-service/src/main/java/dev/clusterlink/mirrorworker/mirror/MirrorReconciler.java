package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.Schedules;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.clusters.ClusterClients;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorState;
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
 *
 * <p>
 * Ownership: a mirror is this worker's when the command partition of its key is assigned
 * to it; it may be written only under its lease. Revoked partitions are drained and their
 * leases released before the group hands them on, so a planned handover does not wait for
 * lease expiry. All state changes of mirrors happen on one thread.
 */
@Component
public class MirrorReconciler implements CommandTopicMembership.Listener, LinkPipeline.Events, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MirrorReconciler.class);

	private final WorkerProperties properties;

	private final StateStoreReader store;

	private final LeaseKeeper leases;

	private final MirrorSetup setup;

	private final MirrorStateStore states;

	private final PartitionStore partitions;

	private final ClusterClients clusters;

	private final MirrorMetrics metrics;

	private final MirrorStopper stopper;

	private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "mirror-reconciler");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, LinkPipeline> pipelines = new HashMap<>();

	private final Map<UUID, Running> running = new ConcurrentHashMap<>();

	private volatile CommandTopicMembership membership;

	private volatile boolean started;

	MirrorReconciler(WorkerProperties properties, StateStoreReader store, LeaseKeeper leases, MirrorSetup setup,
			MirrorStateStore states, PartitionStore partitions, ClusterClients clusters, MirrorMetrics metrics,
			MirrorStopper stopper) {
		this.properties = properties;
		this.store = store;
		this.leases = leases;
		this.setup = setup;
		this.states = states;
		this.partitions = partitions;
		this.clusters = clusters;
		this.metrics = metrics;
		this.stopper = stopper;
		leases.onLost((lease) -> submit(() -> stopLocally(lease.mirrorId(), "its lease was lost")));
		// on the fence thread, without waiting for the reconciler: the send window closed
		leases.onFenced((lease) -> {
			Running mirror = this.running.get(lease.mirrorId());
			if (mirror != null) {
				mirror.pipeline().fence(lease.mirrorId());
			}
		});
	}

	// ---- lifecycle
	// --------------------------------------------------------------------------------

	@Override
	public void start() {
		this.membership = new CommandTopicMembership(this.control.bootstrapServers(), this.control.properties(),
				this.control.commandTopic(), "clusterlink-mirror-workers",
				this.properties.instanceId(), this.properties.sessionTimeout(), this);
		this.membership.start();
		long interval = this.properties.reconcileInterval().toMillis();
		this.loop.scheduleWithFixedDelay(() -> guarded("reconcile", this::reconcileAll), interval, interval,
				TimeUnit.MILLISECONDS);
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
		runOnLoop(() -> {
			new ArrayList<>(this.running.keySet()).forEach((id) -> stopLocally(id, "the worker shuts down"));
			this.pipelines.values().forEach(LinkPipeline::close);
			this.pipelines.clear();
		});
		this.loop.shutdownNow();
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

	// ---- membership
	// -------------------------------------------------------------------------------

	@Override
	public void onAssigned(Set<Integer> partitions) {
		submit(this::reconcileAll);
	}

	@Override
	public void onRevoked(Set<Integer> revoked) {
		runOnLoop(() -> {
			for (Running mirror : new ArrayList<>(this.running.values())) {
				if (revoked.contains(commandPartition(mirror.row()))) {
					stopLocally(mirror.row().id(), "its command partition moved to another worker");
				}
			}
		});
	}

	@Override
	public void onCommand(Command command) {
		if (command instanceof MirrorChanged changed) {
			submit(() -> reconcileOne(changed.entityId()));
		}
		else {
			submit(this::reconcileAll);
		}
	}

	// ---- events from pipelines and the topic sync
	// --------------------------------------------------

	@Override
	public void halted(PartitionMirror partition) {
		submit(() -> onHalt(partition));
	}

	@Override
	public void outOfRange(PartitionMirror pm, long fetchOffset, long sourceStart, long sourceEnd,
			LongConsumer skipTo) {
		if (fetchOffset < sourceStart) {
			long lost = sourceStart - fetchOffset;
			if (pm.skipsLoss()) {
				this.partitions.addRecordsLost(pm.lease, pm.source.partition(), lost);
				log.warn(
						"copy({}): source retention deleted offsets {}..{} ({} records) before they were mirrored; "
								+ "skipped (mirror.data.loss.policy=skip or acknowledged)",
						pm, fetchOffset, sourceStart - 1, lost);
				skipTo.accept(sourceStart);
				return;
			}
			pm.halt(new Halt(MirrorState.DATA_LOSS,
					"partition " + pm.source.partition() + ": source retention deleted " + lost + " record(s) (offsets "
							+ fetchOffset + " to " + (sourceStart - 1)
							+ ") before they were mirrored. Nothing more is written to this partition. Resume with "
							+ "acknowledgeDataLoss=true to skip them (the loss is recorded), or fail over"));
		}
		else if (recreatedSourceTopic(pm) instanceof String change) {
			pm.halt(new Halt(MirrorState.TOPIC_RESET, "source topic " + pm.source.topic()
					+ " was deleted and recreated (" + change
					+ "); nothing more is written. Resume with acknowledgeDataLoss=true to mirror the new topic after "
					+ "the old data, or fail over"));
		}
		else {
			pm.halt(new Halt(MirrorState.FAILED, "partition " + pm.source.partition() + ": the source log ends at "
					+ sourceEnd + ", before the mirrored position " + fetchOffset
					+ "; the source lost records the mirror already has (unclean leader election or a recreated topic)"));
		}
		submit(() -> onHalt(pm));
	}

	/** "topic id X is now Y" when the source topic was recreated, else {@code null}. */
	private @Nullable String recreatedSourceTopic(PartitionMirror pm) {
		try {
			MirrorRow row = this.store.mirror(pm.mirrorId).orElse(null);
			LinkRow link = (row != null) ? this.store.link(row.linkId()).orElse(null) : null;
			if (row == null || link == null || row.sourceTopicId() == null) {
				return null;
			}
			return dev.clusterlink.mirrorworker.topics.Topics
				.describe(this.clusters.admin(link.sourceClusterId()), pm.source.topic(),
						this.properties.adminTimeout())
				.map((topic) -> topic.topicId().toString())
				.filter((id) -> !id.equals(row.sourceTopicId()))
				.map((id) -> "topic id " + row.sourceTopicId() + " is now " + id)
				.orElse(null);
		}
		catch (RuntimeException ex) {
			log.debug("copy({}): checking the source topic id failed: {}", pm, ex.getMessage());
			return null;
		}
	}

	/** The source topic's id changed: the topic was deleted and recreated. */
	void topicReset(UUID mirrorId, String expected, String actual) {
		submit(() -> {
			Running mirror = this.running.get(mirrorId);
			MirrorRow row = this.store.mirror(mirrorId).orElse(null);
			if (mirror == null || row == null || actual.equals(row.sourceTopicId())) {
				return; // stopped, or the operator acknowledged the new topic meanwhile
			}
			String reason = "source topic " + mirror.row().sourceTopic() + " was deleted and recreated (topic id "
					+ expected + " is now " + actual
					+ "); nothing more is written. Resume with acknowledgeDataLoss=true "
					+ "to mirror the new topic after the old data, or fail over";
			mirror.partitions().forEach((pm) -> pm.halt(new Halt(MirrorState.TOPIC_RESET, reason)));
			mirror.pipeline().pause(mirrorId, true);
			moveToHalt(mirrorId, new Halt(MirrorState.TOPIC_RESET, reason));
		});
	}

	/** Whether the topic sync reached the source: SOURCE_UNAVAILABLE and back. */
	void sourceAvailability(UUID mirrorId, boolean available, @Nullable String reason) {
		submit(() -> {
			MirrorRow row = this.store.mirror(mirrorId).orElse(null);
			Lease lease = this.leases.get(mirrorId);
			if (row == null || lease == null) {
				return;
			}
			if (!available && row.state() == MirrorState.ACTIVE) {
				this.states.transition(row, lease, MirrorState.SOURCE_UNAVAILABLE,
						"the source cluster does not answer: " + reason
								+ "; mirroring continues by itself when it does",
						null);
			}
			else if (available && row.state() == MirrorState.SOURCE_UNAVAILABLE) {
				this.states.transition(row, lease, MirrorState.ACTIVE, null, null);
			}
		});
	}

	/** The source topic got partitions: set them up and copy them from their start. */
	void grow(UUID mirrorId) {
		submit(() -> {
			Running mirror = this.running.get(mirrorId);
			MirrorRow row = this.store.mirror(mirrorId).orElse(null);
			LinkRow link = (row != null) ? this.store.link(row.linkId()).orElse(null) : null;
			Lease lease = this.leases.get(mirrorId);
			if (mirror == null || row == null || link == null || lease == null) {
				return;
			}
			Set<Integer> known = new HashSet<>();
			mirror.partitions().forEach((pm) -> known.add(pm.source.partition()));
			List<PartitionMirror> added = this.setup.setUp(row, link, lease, false)
				.stream()
				.filter((pm) -> !known.contains(pm.source.partition()))
				.toList();
			if (!added.isEmpty()) {
				mirror.partitions().addAll(added);
				mirror.pipeline().add(added);
				log.info("mirror {}/{}: source grew, now mirroring {} partition(s)", row.linkName(), row.name(),
						mirror.partitions().size());
			}
		});
	}

	/** The mirrors this worker copies now (for the status writer and the topic sync). */
	public Collection<Running> running() {
		return this.running.values();
	}

	// ---- reconciliation
	// ---------------------------------------------------------------------------

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
		for (UUID id : new ArrayList<>(this.running.keySet())) {
			if (!owned.contains(id)) {
				stopLocally(id, "it is deleted or owned by another worker");
			}
		}
		// held but not running here: nothing of them is in flight from this worker
		this.leases.heldMirrors()
			.stream()
			.filter((id) -> !owned.contains(id) && !this.running.containsKey(id))
			.forEach((id) -> this.leases.release(id, true));
		closeIdlePipelines();
	}

	private void reconcileOne(UUID mirrorId) {
		MirrorRow mirror = this.store.mirror(mirrorId).orElse(null);
		if (mirror == null || !owns(mirror)) {
			stopLocally(mirrorId, "it is deleted or owned by another worker");
			this.leases.release(mirrorId, true);
			closeIdlePipelines();
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
				stopLocally(mirror.id(), "it is stopped");
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
				case PENDING_STOPPED -> this.stopper.advance(mirror, link, lease, this);
				case PAUSED -> pause(mirror, true);
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
	 * Makes a mirror copy (set up first when needed); PENDING becomes ACTIVE once it
	 * runs.
	 */
	private void copy(MirrorRow mirror, LinkRow link, Lease lease) {
		Running current = this.running.get(mirror.id());
		boolean resumedAfterHalt = mirror.state() == MirrorState.PENDING && current != null && current.anyHalted()
				&& mirror.version() > current.startVersion();
		if (current != null
				&& (resumedAfterHalt || !current.pipeline().usesClusters(source(link), destination(link)))) {
			stopLocally(mirror.id(), resumedAfterHalt ? "an operator acknowledged its halt" : "its clusters changed");
			current = null;
			lease = this.leases.acquire(mirror.id()); // stopping released it: take the
														// next epoch
			if (lease == null) {
				return;
			}
		}
		if (current == null) {
			current = start(mirror, link, lease);
			if (current == null) {
				return;
			}
		}
		else {
			this.running.put(mirror.id(), current.withRow(mirror));
		}
		current.pipeline().pause(mirror.id(), link.paused());
		Halt halt = current.firstHalt();
		if (halt != null && !mirror.state().isFailClosed()) {
			// a halt of this very run (not one an operator acknowledged): the mirror
			// shows it
			this.states.transition(mirror, lease, halt.state(), halt.reason(), null);
		}
		else if (halt == null && mirror.state() == MirrorState.PENDING) {
			if (this.states.transition(mirror, lease, MirrorState.ACTIVE, null, null)) {
				log.info("mirror {}/{} is ACTIVE ({} partition(s))", mirror.linkName(), mirror.name(),
						current.partitions().size());
			}
		}
	}

	/** Sets a mirror up and hands its partitions to the link's pipeline. */
	@Nullable Running start(MirrorRow mirror, LinkRow link, Lease lease) {
		List<PartitionMirror> ready;
		try {
			ready = this.setup.setUp(mirror, link, lease, mirror.state() == MirrorState.PENDING);
		}
		catch (MirrorSetup.SetupHalt halt) {
			if (mirror.state() != halt.state()) {
				this.states.transition(mirror, lease, halt.state(), halt.getMessage(), null);
				log.warn("mirror {}/{} halted in {}: {}", mirror.linkName(), mirror.name(), halt.state(),
						halt.getMessage());
			}
			return null;
		}
		catch (RuntimeException ex) {
			String reason = KafkaErrors.describe(ex, List.of());
			log.warn("setup({}/{}): not ready yet, retrying: {}", mirror.linkName(), mirror.name(), reason);
			if (mirror.state() == MirrorState.ACTIVE && !sourceAnswers(link)) {
				this.states.transition(mirror, lease, MirrorState.SOURCE_UNAVAILABLE,
						"the source cluster does not answer: " + reason
								+ "; mirroring continues by itself when it does",
						null);
			}
			String pendingReason = "setting up: " + reason;
			if (mirror.state() == MirrorState.PENDING && !pendingReason.equals(mirror.stateReason())) {
				this.states.transition(mirror, lease, MirrorState.PENDING, pendingReason, null);
			}
			return null;
		}
		LinkPipeline pipeline = pipelineFor(link);
		Running started = new Running(mirror, pipeline, ready);
		this.running.put(mirror.id(), started);
		pipeline.pause(mirror.id(), link.paused() || mirror.state() == MirrorState.PAUSED);
		pipeline.add(ready);
		return started;
	}

	private boolean sourceAnswers(LinkRow link) {
		try {
			this.clusters.admin(link.sourceClusterId())
				.describeCluster()
				.clusterId()
				.get(this.properties.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}

	private void pause(MirrorRow mirror, boolean paused) {
		Running current = this.running.get(mirror.id());
		if (current != null) {
			this.running.put(mirror.id(), current.withRow(mirror));
			current.pipeline().pause(mirror.id(), paused);
		}
	}

	private void onHalt(PartitionMirror pm) {
		Halt halt = pm.halted();
		Running current = this.running.get(pm.mirrorId);
		if (current == null || !current.partitions().contains(pm)) {
			return; // a partition of a run that was stopped since (e.g. after an
					// operator's acknowledgement)
		}
		if (halt != null) {
			log.warn("copy({}): halted in {}: {}", pm, halt.state(), halt.reason());
			moveToHalt(pm.mirrorId, halt);
		}
	}

	private void moveToHalt(UUID mirrorId, Halt halt) {
		MirrorRow row = this.store.mirror(mirrorId).orElse(null);
		Lease lease = this.leases.get(mirrorId);
		if (row == null || lease == null) {
			return;
		}
		Running current = this.running.get(mirrorId);
		if (current != null) {
			// the partition rows say which partitions halted, and where, before the
			// mirror says it halted:
			// an operator's acknowledgement reads them
			String state = current.pipeline().isPaused(mirrorId) ? "PAUSED" : "ACTIVE";
			this.partitions.writeProgress(current.partitions()
				.stream()
				.filter(PartitionMirror::hasProgress)
				.map((pm) -> pm.progress(state, current.pipeline().lastFailure()))
				.toList());
		}
		switch (row.state()) {
			case ACTIVE, PAUSED, SOURCE_UNAVAILABLE ->
				this.states.transition(row, lease, halt.state(), halt.reason(), null);
			case PENDING, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED, PENDING_STOPPED, STOPPED -> {
				// PENDING: being set up, or resumed by an operator who acknowledged the
				// halt (the resume
				// restarts it); otherwise already halted, or stopping: the stop decides
			}
		}
	}

	/**
	 * Stops copying a mirror on this worker and releases its lease: its in-flight records
	 * are acknowledged or failed first (after {@code drain-timeout} the producer is
	 * aborted, and the release tells the next holder to settle first).
	 */
	void stopLocally(UUID mirrorId, String why) {
		Running current = this.running.remove(mirrorId);
		if (current == null) {
			return;
		}
		boolean drained = false;
		try {
			drained = current.pipeline()
				.remove(mirrorId)
				.get(this.properties.drainTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("stopping mirror {}: drain did not finish: {}", mirrorId, ex.toString());
		}
		this.leases.release(mirrorId, drained);
		log.info("mirror {}/{} stopped on this worker: {}{}", current.row().linkName(), current.row().name(), why,
				drained ? "" : " (sends of unknown outcome: the next owner settles first)");
	}

	private LinkPipeline pipelineFor(LinkRow link) {
		ClusterConnection source = source(link);
		ClusterConnection destination = destination(link);
		LinkPipeline pipeline = this.pipelines.get(link.name());
		if (pipeline != null && !pipeline.usesClusters(source, destination)) {
			for (Running mirror : new ArrayList<>(this.running.values())) {
				if (mirror.pipeline() == pipeline) {
					stopLocally(mirror.row().id(), "its clusters changed");
				}
			}
			pipeline.close();
			this.pipelines.remove(link.name());
			pipeline = null;
		}
		if (pipeline == null) {
			String clientId = "clusterlink-worker-" + this.properties.instanceId() + "-" + link.name();
			pipeline = new LinkPipeline(link.name(), source, destination,
					new KafkaPipelineClients(source, destination, this.properties, clientId), this.properties,
					this.partitions, this.metrics, this);
			pipeline.start();
			this.pipelines.put(link.name(), pipeline);
		}
		return pipeline;
	}

	private void closeIdlePipelines() {
		this.pipelines.entrySet().removeIf((entry) -> {
			LinkPipeline pipeline = entry.getValue();
			boolean used = this.running.values().stream().anyMatch((mirror) -> mirror.pipeline() == pipeline);
			if (!used && pipeline.isEmpty()) {
				pipeline.close();
				return true;
			}
			return false;
		});
	}

	private ClusterConnection source(LinkRow link) {
		return this.clusters.connection(link.sourceClusterId());
	}

	private ClusterConnection destination(LinkRow link) {
		return this.clusters.connection(link.destinationClusterId());
	}

	private boolean owns(MirrorRow mirror) {
		return this.membership.owns(Ownership.mirrorKey(mirror.linkName(), mirror.name()));
	}

	private int commandPartition(MirrorRow mirror) {
		int partitions = this.membership.partitionCount();
		return (partitions > 0)
				? Ownership.partitionFor(Ownership.mirrorKey(mirror.linkName(), mirror.name()), partitions) : -1;
	}

	// ---- the reconciler thread
	// --------------------------------------------------------------------

	void submit(Runnable task) {
		if (!this.loop.isShutdown()) {
			this.loop.execute(() -> guarded("reconcile", task));
		}
	}

	private void runOnLoop(Runnable task) {
		if (this.loop.isShutdown()) {
			return;
		}
		Future<?> done = this.loop.submit(() -> guarded("handover", task));
		try {
			done.get(this.properties.drainTimeout().toMillis() * 3 + 30_000, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("handover did not finish in time: {}", ex.toString());
		}
	}

	private static void guarded(String what, Runnable task) {
		Schedules.guarded(what, task).run();
	}

	Duration adminTimeout() {
		return this.properties.adminTimeout();
	}

}
