package dev.clusterlink.mirrorworker.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The registry of what this worker copies now: the running mirrors (a {@link Running}
 * each) and the link pipelines that copy them, one per link (DESIGN.md §9).
 *
 * <p>
 * Rights: only the {@code mirror-reconciler} thread changes the registry (every method
 * that does checks it); the progress reporter, the topic-config sync, the lease-fence
 * thread and the stopper read it from any thread, as a snapshot of running mirrors (never
 * the pipelines).
 */
@Component
class RunningMirrors {

	private final ReconcilerThread owner;

	private final Map<UUID, Running> running = new ConcurrentHashMap<>();

	/** The pipelines by link name (reconciler thread only). */
	private final Map<String, LinkPipeline> pipelines = new ConcurrentHashMap<>();

	RunningMirrors(ReconcilerThread owner) {
		this.owner = owner;
	}

	// ---- reads (any thread)

	/** A snapshot of the running mirrors. */
	List<Running> all() {
		return List.copyOf(this.running.values());
	}

	/** A running mirror, or {@code null}. */
	@Nullable Running get(UUID mirrorId) {
		return this.running.get(mirrorId);
	}

	boolean isRunning(UUID mirrorId) {
		return this.running.containsKey(mirrorId);
	}

	/** The ids of the running mirrors (a snapshot). */
	Set<UUID> ids() {
		return Set.copyOf(this.running.keySet());
	}

	/**
	 * The send window of a mirror's lease closed (lease-fence thread, which never waits):
	 * its pipeline aborts the producer when records of the mirror are in flight.
	 */
	void fence(UUID mirrorId) {
		Running mirror = this.running.get(mirrorId);
		if (mirror != null) {
			mirror.pipeline().fence(mirrorId);
		}
	}

	// ---- changes (reconciler thread)

	/** Registers a mirror that runs now, or its row as read again. */
	void put(Running mirror) {
		requireOwner();
		this.running.put(mirror.row().id(), mirror);
	}

	/** Unregisters a mirror; its pipeline still holds its partitions until removed. */
	@Nullable Running remove(UUID mirrorId) {
		requireOwner();
		return this.running.remove(mirrorId);
	}

	/** The pipeline of a link, or {@code null}. */
	@Nullable LinkPipeline pipeline(String link) {
		requireOwner();
		return this.pipelines.get(link);
	}

	void addPipeline(LinkPipeline pipeline) {
		requireOwner();
		this.pipelines.put(pipeline.link(), pipeline);
	}

	/** The running mirrors a pipeline copies. */
	List<Running> of(LinkPipeline pipeline) {
		return new ArrayList<>(
				this.running.values().stream().filter((mirror) -> mirror.pipeline() == pipeline).toList());
	}

	/** Closes and forgets a pipeline (its mirrors were stopped first). */
	void closePipeline(LinkPipeline pipeline) {
		requireOwner();
		pipeline.close();
		this.pipelines.remove(pipeline.link(), pipeline);
	}

	/** Closes the pipelines no running mirror uses and that hold no partition. */
	void closeIdlePipelines() {
		requireOwner();
		for (LinkPipeline pipeline : List.copyOf(this.pipelines.values())) {
			if (of(pipeline).isEmpty() && pipeline.isEmpty()) {
				closePipeline(pipeline);
			}
		}
	}

	/** Closes every pipeline (shutdown, after every mirror stopped). */
	void closeAllPipelines() {
		requireOwner();
		this.pipelines.values().forEach(LinkPipeline::close);
		this.pipelines.clear();
	}

	private void requireOwner() {
		if (!this.owner.isCurrent()) {
			throw new IllegalStateException(
					"the registry of running mirrors changes on the mirror-reconciler thread only, not on "
							+ Thread.currentThread().getName());
		}
	}

}
