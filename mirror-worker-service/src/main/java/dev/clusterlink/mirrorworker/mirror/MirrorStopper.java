package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.topics.ReadOnlyGuard;
import dev.clusterlink.mirrorworker.topics.TopicConfigs;
import dev.clusterlink.mirrorworker.topics.Topics;
import dev.clusterlink.model.MirrorEvent;
import dev.clusterlink.model.MirrorLifecycle;
import dev.clusterlink.model.StoppedBy;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import dev.clusterlink.store.PartitionOffsets;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Takes a mirror from PENDING_STOPPED to STOPPED (DESIGN.md §5).
 *
 * <p>
 * Promote: keep copying until every partition has lag 0 against the source (last stable
 * offset), pause, check once more, run the final consumer-offset sync, then stop; when
 * {@code mirror.promote.timeout.ms} passes first, the mirror goes back to ACTIVE with the
 * partitions still behind in its reason. Failover: stop at once whatever the lag, and
 * record per partition the mirrored offset, the source end offset when the source
 * answers, and the records left behind. Both remove the DENY WRITE ACLs the link added
 * and apply the source's timestamp settings; then the topic is an ordinary writable
 * topic.
 */
@Component
class MirrorStopper {

	private static final Logger log = LoggerFactory.getLogger(MirrorStopper.class);

	private final MirrorStateStore states;

	private final PartitionStore partitions;

	private final ClusterAdmins clusters;

	private final FinalOffsetSync finalOffsetSync;

	private final ReadOnlyGuard guard;

	private final TopicConfigs configSync;

	private final WorkerProperties properties;

	private final RunningMirrors running;

	private final MirrorRunner runner;

	MirrorStopper(MirrorStateStore states, PartitionStore partitions, ClusterAdmins clusters,
			FinalOffsetSync finalOffsetSync, ReadOnlyGuard guard, TopicConfigs configSync, WorkerProperties properties,
			RunningMirrors running, MirrorRunner runner) {
		this.running = running;
		this.runner = runner;
		this.states = states;
		this.partitions = partitions;
		this.clusters = clusters;
		this.finalOffsetSync = finalOffsetSync;
		this.guard = guard;
		this.configSync = configSync;
		this.properties = properties;
	}

	/**
	 * One step towards STOPPED; called on every reconcile of a PENDING_STOPPED mirror, on
	 * the {@code mirror-reconciler} thread (it starts and stops the mirror's run and
	 * writes its state).
	 */
	void advance(MirrorRow mirror, LinkRow link, Lease lease) {
		if (mirror.stoppedBy() == StoppedBy.FAILOVER) {
			failover(mirror, link, lease);
		}
		else {
			promote(mirror, link, lease);
		}
	}

	private void failover(MirrorRow mirror, LinkRow link, Lease lease) {
		Running current = this.running.get(mirror.id());
		List<PartitionMirror> copied = (current != null) ? List.copyOf(current.partitions()) : List.of();
		if (current != null) {
			drain(current, mirror);
		}
		Map<Integer, Long> mirrored = mirroredOffsets(mirror, copied);
		Map<Integer, Long> sourceEnds = sourceEnds(mirror, link, mirrored.keySet(), Duration.ofSeconds(5));
		List<Map<String, Object>> report = new ArrayList<>();
		long leftBehind = 0;
		for (Map.Entry<Integer, Long> partition : mirrored.entrySet()) {
			Long end = (sourceEnds != null) ? sourceEnds.get(partition.getKey()) : null;
			Long behind = (end != null) ? Math.max(0, end - partition.getValue()) : null;
			leftBehind += (behind != null) ? behind : 0;
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("partition", partition.getKey());
			row.put("mirroredOffset", partition.getValue());
			row.put("sourceEndOffset", end);
			row.put("recordsLeftBehind", behind);
			report.add(row);
		}
		String offsets = (sourceEnds != null) ? this.finalOffsetSync.run(mirror, link)
				: "skipped: the source cluster did not answer";
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("stoppedBy", "FAILOVER");
		document.put("at", Instant.now().toString());
		document.put("sourceReachable", sourceEnds != null);
		document.put("recordsLeftBehind", (sourceEnds != null) ? leftBehind : null);
		document.put("finalOffsetSync", offsets);
		document.put("partitions", report);
		String reason = (sourceEnds != null)
				? "failed over: " + leftBehind + " record(s) of the source were not mirrored"
				: "failed over while the source was unreachable: records not mirrored are unknown";
		finish(mirror, link, lease, StoppedBy.FAILOVER, document, reason);
	}

	private void promote(MirrorRow mirror, LinkRow link, Lease lease) {
		Running current = this.running.get(mirror.id());
		if (current == null) {
			current = this.runner.start(mirror, link, lease);
			if (current == null) {
				return;
			}
		}
		current.pipeline().pause(mirror.id(), link.paused()); // catching up needs copying
		Duration waited = Duration.between(this.states.stateChangedAt(mirror.id()), Instant.now());
		Duration timeout = link.config().promoteTimeout();
		Map<Integer, Long> ends = sourceEnds(mirror, link, partitionsOf(current), this.properties.adminTimeout());
		List<String> behind = behind(current, ends);
		if (behind.isEmpty() && !link.paused()) {
			current.pipeline().pause(mirror.id(), true);
			if (awaitDrained(current)
					&& behind(current, sourceEnds(mirror, link, partitionsOf(current), this.properties.adminTimeout()))
						.isEmpty()) {
				String offsets = this.finalOffsetSync.run(mirror, link);
				drain(current, mirror);
				Map<String, Object> document = new LinkedHashMap<>();
				document.put("stoppedBy", "PROMOTE");
				document.put("at", Instant.now().toString());
				document.put("finalOffsetSync", offsets);
				document.put("partitions", current.partitions()
					.stream()
					.map((pm) -> Map.of("partition", pm.source.partition(), "mirroredOffset", pm.mirroredOffset()))
					.toList());
				finish(mirror, link, lease, StoppedBy.PROMOTE, document, "promoted: the topic is writable");
				return;
			}
			current.pipeline().pause(mirror.id(), false); // the source moved on: keep
															// copying
			return;
		}
		if (waited.compareTo(timeout) > 0) {
			String reason = "promotion timed out after " + timeout.toSeconds() + "s: "
					+ ((ends == null) ? "the source cluster did not answer"
							: "still behind the source: " + String.join(", ", behind))
					+ "; stop the producers of the source topic (or fail over) and promote again";
			current.pipeline().pause(mirror.id(), link.paused());
			this.states.transition(mirror, lease,
					MirrorLifecycle.on(MirrorEvent.PROMOTION_TIMED_OUT, mirror.state(), mirror.stoppedBy()), reason);
			log.warn("mirror {}/{}: {}", mirror.linkName(), mirror.name(), reason);
			return;
		}
		String waiting = (ends == null) ? "promotion requested: waiting for the source cluster to answer"
				: "promotion requested: waiting for " + behind.size() + " partition(s) to reach lag 0";
		if (!waiting.equals(mirror.stateReason())) {
			this.states.transition(mirror, lease,
					MirrorLifecycle.on(MirrorEvent.PROMOTION_WAITING, mirror.state(), mirror.stoppedBy()), waiting);
		}
	}

	private void finish(MirrorRow mirror, LinkRow link, Lease lease, StoppedBy stoppedBy, Map<String, Object> report,
			String reason) {
		this.guard.removeDenyAcls(mirror, link, lease);
		this.configSync.applyAtStop(mirror, link);
		this.states.storeReport(lease, report);
		if (this.states.transition(mirror, lease,
				MirrorLifecycle.on(MirrorEvent.STOP_COMPLETED, mirror.state(), stoppedBy), reason)) {
			log.info("mirror {}/{} STOPPED ({}): {}", mirror.linkName(), mirror.name(), stoppedBy, reason);
			this.runner.stopLocally(mirror.id(), "it is stopped");
		}
	}

	/**
	 * Partitions not yet at the source end, as "p (lag n)"; all of them when the source
	 * did not answer.
	 */
	private List<String> behind(Running current, @Nullable Map<Integer, Long> ends) {
		List<String> behind = new ArrayList<>();
		for (PartitionMirror pm : current.partitions()) {
			Long end = (ends != null) ? ends.get(pm.source.partition()) : null;
			long mirrored = pm.mirroredOffset();
			if (end == null || mirrored < end || pm.halted() != null || !pm.isStarted()) {
				String why = (pm.halted() != null) ? " (halted in " + pm.halted().state() + ")"
						: (end != null) ? " (lag " + Math.max(0, end - mirrored) + ")" : "";
				behind.add(pm.source.partition() + why);
			}
		}
		return behind;
	}

	private boolean awaitDrained(Running current) {
		long deadline = System.nanoTime() + this.properties.drainTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			if (current.partitions().stream().allMatch((pm) -> pm.inFlight() == 0)) {
				return true;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private void drain(Running current, MirrorRow mirror) {
		try {
			current.pipeline()
				.remove(mirror.id())
				.get(this.properties.drainTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("stopping mirror {}/{}: drain did not finish: {}", mirror.linkName(), mirror.name(),
					ex.toString());
		}
	}

	private Map<Integer, Long> mirroredOffsets(MirrorRow mirror, List<PartitionMirror> copied) {
		Map<Integer, Long> mirrored = new java.util.TreeMap<>();
		for (PartitionOffsets row : this.partitions.read(mirror.id())) {
			if (row.mirroredOffset() != null) {
				mirrored.put(row.partition(), row.mirroredOffset());
			}
		}
		copied.forEach((pm) -> mirrored.put(pm.source.partition(), pm.mirroredOffset()));
		return mirrored;
	}

	private java.util.Set<Integer> partitionsOf(Running current) {
		java.util.Set<Integer> numbers = new java.util.TreeSet<>();
		current.partitions().forEach((pm) -> numbers.add(pm.source.partition()));
		return numbers;
	}

	private @Nullable Map<Integer, Long> sourceEnds(MirrorRow mirror, LinkRow link, java.util.Set<Integer> numbers,
			Duration timeout) {
		try {
			List<TopicPartition> tps = numbers.stream()
				.map((p) -> new TopicPartition(mirror.sourceTopic(), p))
				.toList();
			Map<Integer, Long> ends = new java.util.TreeMap<>();
			Topics.offsets(this.clusters.admin(link.sourceClusterId()), tps, OffsetSpec.latest(), timeout)
				.forEach((tp, offset) -> ends.put(tp.partition(), offset));
			return ends;
		}
		catch (RuntimeException ex) {
			log.debug("stop({}/{}): source end offsets not available: {}", mirror.linkName(), mirror.name(),
					ex.getMessage());
			return null;
		}
	}

}
