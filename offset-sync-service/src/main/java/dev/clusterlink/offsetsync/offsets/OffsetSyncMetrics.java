package dev.clusterlink.offsetsync.offsets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clusterlink.offsets.sync.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Metrics of consumer-offset sync, tagged by link:
 * {@code clusterlink.offsetsync.groups.synced} and
 * {@code clusterlink.offsetsync.groups.skipped} (groups per round),
 * {@code clusterlink.offsetsync.offsets.written} (partition offsets written to the
 * destination), {@code clusterlink.offsetsync.rounds} (by outcome),
 * {@code clusterlink.offsetsync.sync.duration} (a timer of rounds that ran) and
 * {@code clusterlink.offsetsync.last.success.age} (seconds since the last successful
 * round; NaN before the first). A link's meters go when it moves to another instance.
 */
@Component
class OffsetSyncMetrics {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

	private final Map<String, List<Meter.Id>> meters = new ConcurrentHashMap<>();

	OffsetSyncMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	void record(String link, ReconcileResult result) {
		ensureMeters(link);
		track(link,
				Counter.builder("clusterlink.offsetsync.rounds")
					.description("Consumer-offset sync rounds by outcome")
					.tag("link", link)
					.tag("outcome", result.outcome())
					.register(this.registry))
			.increment();
		switch (result) {
			case ReconcileResult.Noop noop -> succeeded(link, noop.report(), noop.took());
			case ReconcileResult.Changed changed -> succeeded(link, changed.report(), changed.took());
			case ReconcileResult.Failed failed -> {
			}
			case ReconcileResult.Busy busy -> {
			}
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

	private void succeeded(String link, SyncReport report, Duration took) {
		this.lastSuccess.put(link, this.clock.instant());
		synced(link).increment(report.groupsSynced());
		skipped(link).increment(report.skipped().size());
		written(link).increment(report.offsetsWritten());
		duration(link).record(took);
	}

	private Counter synced(String link) {
		return track(link,
				Counter.builder("clusterlink.offsetsync.groups.synced")
					.description("Consumer groups synced (offsets written or already in step), per round")
					.tag("link", link)
					.register(this.registry));
	}

	private Counter skipped(String link) {
		return track(link,
				Counter.builder("clusterlink.offsetsync.groups.skipped")
					.description("Consumer groups left alone, per round (active on the destination, a failed write)")
					.tag("link", link)
					.register(this.registry));
	}

	private Counter written(String link) {
		return track(link,
				Counter.builder("clusterlink.offsetsync.offsets.written")
					.description("Partition offsets written to destination consumer groups")
					.tag("link", link)
					.register(this.registry));
	}

	private Timer duration(String link) {
		return track(link,
				Timer.builder("clusterlink.offsetsync.sync.duration")
					.description("Duration of consumer-offset sync rounds")
					.tag("link", link)
					.register(this.registry));
	}

	/** The meters every link has from its first round on. */
	private void ensureMeters(String link) {
		if (this.meters.containsKey(link)) {
			return;
		}
		synced(link);
		skipped(link);
		written(link);
		duration(link);
		track(link,
				Gauge
					.builder("clusterlink.offsetsync.last.success.age", this, (metrics) -> metrics.lastSuccessAge(link))
					.description("Seconds since the last successful consumer-offset sync round")
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
