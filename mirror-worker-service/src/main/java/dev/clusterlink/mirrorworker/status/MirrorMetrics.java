package dev.clusterlink.mirrorworker.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The worker's replication metrics (Prometheus names in brackets): records and bytes
 * copied per mirror ({@code clusterlink_mirror_records_copied_total},
 * {@code clusterlink_mirror_copied_bytes_total}), lag per mirror
 * ({@code clusterlink_mirror_lag_records}), replication latency from the source record
 * timestamp to the destination acknowledgement
 * ({@code clusterlink_mirror_replication_latency_seconds}), and partitions by state
 * ({@code clusterlink_mirror_partitions}).
 */
@Component
public class MirrorMetrics {

	private final MeterRegistry registry;

	private final Map<String, MirrorMeters> mirrors = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> partitionsByState = new ConcurrentHashMap<>();

	MirrorMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** The meters of one mirror, created on first use. */
	public MirrorMeters of(String link, String mirror) {
		return this.mirrors.computeIfAbsent(link + "/" + mirror,
				(key) -> new MirrorMeters(this.registry, link, mirror));
	}

	/**
	 * Publishes how many partitions this worker has in each state.
	 * @param counts state to number of partitions
	 */
	public void partitions(Map<String, Long> counts) {
		this.partitionsByState.forEach((state, value) -> value.set(counts.getOrDefault(state, 0L)));
		counts.forEach((state, count) -> this.partitionsByState.computeIfAbsent(state, (name) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("clusterlink.mirror.partitions", value, AtomicLong::get)
				.description("partitions this worker mirrors, by state")
				.tag("state", name)
				.register(this.registry);
			return value;
		}).set(count));
	}

	/** Meters of one mirror. */
	public static final class MirrorMeters {

		private final Counter records;

		private final Counter bytes;

		private final Timer latency;

		private final AtomicLong lag = new AtomicLong();

		MirrorMeters(MeterRegistry registry, String link, String mirror) {
			Tags tags = Tags.of("link", link, "topic", mirror);
			this.records = Counter.builder("clusterlink.mirror.records.copied")
				.description("records copied and acknowledged by the destination")
				.tags(tags)
				.register(registry);
			this.bytes = Counter.builder("clusterlink.mirror.copied")
				.baseUnit("bytes")
				.description("key and value bytes copied")
				.tags(tags)
				.register(registry);
			this.latency = Timer.builder("clusterlink.mirror.replication.latency")
				.description("from the source record timestamp to the destination acknowledgement")
				.tags(tags)
				.register(registry);
			Gauge.builder("clusterlink.mirror.lag", this.lag, AtomicLong::get)
				.baseUnit("records")
				.description("records of the source not yet on the destination (largest partition lag)")
				.tags(tags)
				.register(registry);
		}

		public void copied(long bytes, long sourceTimestamp, long nowMillis) {
			this.records.increment();
			this.bytes.increment(bytes);
			if (sourceTimestamp > 0 && nowMillis >= sourceTimestamp) {
				this.latency.record(nowMillis - sourceTimestamp, TimeUnit.MILLISECONDS);
			}
		}

		public void lag(long records) {
			this.lag.set(records);
		}

	}

}
