package dev.clusterlink.aclsync.acl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Metrics of ACL sync, tagged by link: {@code clusterlink.aclsync.added} and
 * {@code clusterlink.aclsync.deleted} (ACLs changed on destinations),
 * {@code clusterlink.aclsync.rounds} (by outcome) and
 * {@code clusterlink.aclsync.last.success.age} (seconds since the last successful round;
 * NaN before the first). A link's meters go when it moves to another instance.
 */
@Component
class AclSyncMetrics {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

	private final Map<String, List<Meter.Id>> meters = new ConcurrentHashMap<>();

	AclSyncMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	void record(String link, ReconcileResult result) {
		ensureGauge(link);
		track(link,
				Counter.builder("clusterlink.aclsync.rounds")
					.description("ACL sync rounds by outcome")
					.tag("link", link)
					.tag("outcome", result.outcome())
					.register(this.registry))
			.increment();
		switch (result) {
			case ReconcileResult.Noop noop -> succeeded(link);
			case ReconcileResult.Changed changed -> {
				changes(link, changed.added(), changed.deleted());
				succeeded(link);
			}
			case ReconcileResult.Failed failed -> changes(link, failed.added(), failed.deleted());
			case ReconcileResult.Idle idle -> {
			}
			case ReconcileResult.Gone gone -> {
			}
		}
	}

	/** Seconds since the last successful round of a link, NaN before the first. */
	double lastSuccessAge(String link) {
		Instant last = this.lastSuccess.get(link);
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	void forget(String link) {
		this.lastSuccess.remove(link);
		List<Meter.Id> ids = this.meters.remove(link);
		if (ids != null) {
			ids.forEach(this.registry::remove);
		}
	}

	private void succeeded(String link) {
		this.lastSuccess.put(link, this.clock.instant());
	}

	private void changes(String link, int added, int deleted) {
		added(link).increment(added);
		deleted(link).increment(deleted);
	}

	private Counter added(String link) {
		return track(link,
				Counter.builder("clusterlink.aclsync.added")
					.description("ACLs created on the destination")
					.tag("link", link)
					.register(this.registry));
	}

	private Counter deleted(String link) {
		return track(link,
				Counter.builder("clusterlink.aclsync.deleted")
					.description("ACLs deleted from the destination")
					.tag("link", link)
					.register(this.registry));
	}

	/** The meters every link has from its first round on. */
	private void ensureGauge(String link) {
		if (this.meters.containsKey(link)) {
			return;
		}
		added(link);
		deleted(link);
		track(link,
				Gauge.builder("clusterlink.aclsync.last.success.age", this, (metrics) -> metrics.lastSuccessAge(link))
					.description("Seconds since the last successful ACL sync round")
					.baseUnit("seconds")
					.tag("link", link)
					.register(this.registry));
	}

	private <M extends Meter> M track(String link, M meter) {
		List<Meter.Id> ids = this.meters.computeIfAbsent(link, (key) -> new CopyOnWriteArrayList<>());
		if (!ids.contains(meter.getId())) {
			ids.add(meter.getId());
		}
		return meter;
	}

}
