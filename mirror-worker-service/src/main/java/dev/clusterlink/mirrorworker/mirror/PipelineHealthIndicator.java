package dev.clusterlink.mirrorworker.mirror;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The copy loops of this worker (DESIGN.md §9): DEGRADED, with the link, the error and
 * for how long, while a loop keeps failing (it retries by itself with back-off). Never
 * part of liveness or readiness: a cluster that is down must not restart or unload the
 * worker.
 */
@Component("mirrorPipelines")
class PipelineHealthIndicator implements HealthIndicator {

	/** A worker that copies but some of whose links fail. */
	static final Status DEGRADED = new Status("DEGRADED", "a copy loop fails and retries");

	private final RunningMirrors running;

	PipelineHealthIndicator(RunningMirrors running) {
		this.running = running;
	}

	@Override
	public Health health() {
		Map<LinkPipeline, Boolean> pipelines = new IdentityHashMap<>();
		this.running.all().forEach((mirror) -> pipelines.put(mirror.pipeline(), true));
		Map<String, Object> failing = new LinkedHashMap<>();
		long now = System.nanoTime();
		for (LinkPipeline pipeline : pipelines.keySet()) {
			String failure = pipeline.lastFailure();
			if (failure != null) {
				failing.put(pipeline.link(), Map.of("error", failure, "failingForSeconds",
						TimeUnit.NANOSECONDS.toSeconds(now - pipeline.failingSince())));
			}
		}
		Health.Builder health = failing.isEmpty() ? Health.up() : Health.status(DEGRADED);
		return health.withDetail("links", pipelines.size()).withDetail("failing", failing).build();
	}

}
