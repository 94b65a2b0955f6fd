package dev.clusterlink.mirrorworker.mirror;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.status.KafkaClientMeters;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorEvent;
import dev.clusterlink.model.MirrorLifecycle;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Starts and stops mirrors on this worker: sets a mirror up and hands its partitions to
 * its link's pipeline (created on first use), grows it when the source topic gets
 * partitions, and stops it locally (drain, then release the lease).
 *
 * <p>
 * Threads: every method but {@link #grow} runs on the {@code mirror-reconciler} thread
 * (the registry it changes checks it); {@link #grow} is asked for by the topic-config
 * sync and submits its work there.
 */
@Component
class MirrorRunner {

	private static final Logger log = LoggerFactory.getLogger(MirrorRunner.class);

	private final ReconcilerThread reconciler;

	private final RunningMirrors running;

	private final MirrorSetup setup;

	private final HaltPolicy halts;

	private final SourceAvailability source;

	private final MirrorStateStore states;

	private final StateStoreReader store;

	private final LeaseKeeper leases;

	private final PartitionStore partitions;

	private final ClusterAdmins clusters;

	private final MirrorMetrics metrics;

	private final KafkaClientMeters clientMeters;

	private final WorkerProperties properties;

	MirrorRunner(ReconcilerThread reconciler, RunningMirrors running, MirrorSetup setup, HaltPolicy halts,
			SourceAvailability source, MirrorStateStore states, StateStoreReader store, LeaseKeeper leases,
			PartitionStore partitions, ClusterAdmins clusters, MirrorMetrics metrics, KafkaClientMeters clientMeters,
			WorkerProperties properties) {
		this.reconciler = reconciler;
		this.running = running;
		this.setup = setup;
		this.halts = halts;
		this.source = source;
		this.states = states;
		this.store = store;
		this.leases = leases;
		this.partitions = partitions;
		this.clusters = clusters;
		this.metrics = metrics;
		this.clientMeters = clientMeters;
		this.properties = properties;
	}

	/**
	 * Sets a mirror up and hands its partitions to the link's pipeline (reconciler
	 * thread). A set-up that needs an operator halts the mirror
	 * ({@link MirrorEvent#SET_UP_HALTED}); any other failure is retried by the next
	 * reconcile ({@link MirrorEvent#SET_UP_RETRYING}, or SOURCE_UNAVAILABLE when the
	 * source does not answer).
	 * @return the running mirror, or {@code null} when it could not be set up
	 */
	@Nullable Running start(MirrorRow mirror, LinkRow link, Lease lease) {
		List<PartitionMirror> ready;
		try {
			ready = this.setup.setUp(mirror, link, lease, mirror.state() == MirrorState.PENDING);
		}
		catch (MirrorSetup.SetupHalt halt) {
			this.halts.showSetUpHalt(mirror, lease, halt.halt());
			return null;
		}
		catch (RuntimeException ex) {
			String reason = KafkaErrors.describe(ex, List.of());
			log.warn("setup({}/{}): not ready yet, retrying: {}", mirror.linkName(), mirror.name(), reason);
			if (SourceAvailability.showsUnreachable(mirror) && !sourceAnswers(link)) {
				this.source.unreachable(mirror, lease, reason);
			}
			String pendingReason = "setting up: " + reason;
			if (mirror.state() == MirrorState.PENDING && !pendingReason.equals(mirror.stateReason())) {
				this.states.transition(mirror, lease,
						MirrorLifecycle.on(MirrorEvent.SET_UP_RETRYING, mirror.state(), mirror.stoppedBy()),
						pendingReason);
			}
			return null;
		}
		LinkPipeline pipeline = pipelineFor(link);
		Running started = new Running(mirror, pipeline, ready);
		this.running.put(started);
		pipeline.pause(mirror.id(), link.paused() || mirror.state() == MirrorState.PAUSED);
		pipeline.add(ready);
		return started;
	}

	/**
	 * Stops copying a mirror on this worker and releases its lease (reconciler thread):
	 * its in-flight records are acknowledged or failed first (after {@code drain-timeout}
	 * the producer is aborted, and the release tells the next holder to settle first).
	 * Its meters go with it: the next owner publishes them.
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
		this.metrics.remove(current.row().linkName(), current.row().name());
		log.info("mirror {}/{} stopped on this worker: {}{}", current.row().linkName(), current.row().name(), why,
				drained ? "" : " (sends of unknown outcome: the next owner settles first)");
	}

	/**
	 * The source topic got partitions (any thread): on the reconciler thread, they are
	 * set up and copied from their start.
	 */
	void grow(UUID mirrorId) {
		this.reconciler.submit(() -> {
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

	/** Whether a running mirror's pipeline copies between these clusters still. */
	boolean usesClustersOf(Running mirror, LinkRow link) {
		return mirror.pipeline().usesClusters(source(link), destination(link));
	}

	/**
	 * The link's pipeline (reconciler thread): created on first use; replaced, with its
	 * mirrors stopped first, when the link's clusters changed.
	 */
	private LinkPipeline pipelineFor(LinkRow link) {
		ClusterConnection source = source(link);
		ClusterConnection destination = destination(link);
		LinkPipeline pipeline = this.running.pipeline(link.name());
		if (pipeline != null && !pipeline.usesClusters(source, destination)) {
			for (Running mirror : this.running.of(pipeline)) {
				stopLocally(mirror.row().id(), "its clusters changed");
			}
			this.running.closePipeline(pipeline);
			pipeline = null;
		}
		if (pipeline == null) {
			String clientId = "clusterlink-worker-" + this.properties.instanceId() + "-" + link.name();
			pipeline = new LinkPipeline(
					link.name(), source, destination, new KafkaPipelineClients(source, destination, this.properties,
							clientId, this.clientMeters, link.name()),
					this.properties, this.partitions, this.metrics, this.halts);
			pipeline.start();
			this.running.addPipeline(pipeline);
		}
		return pipeline;
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

	private ClusterConnection source(LinkRow link) {
		return this.clusters.connection(link.sourceClusterId());
	}

	private ClusterConnection destination(LinkRow link) {
		return this.clusters.connection(link.destinationClusterId());
	}

}
