package dev.clusterlink.mirrorworker.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
 * timestamp to the destination acknowledgement, sampled once per batch and partition
 * ({@code clusterlink_mirror_replication_latency_seconds}), partitions by state
 * ({@code clusterlink_mirror_partitions}), and per link the failures of its copy loop
 * ({@code clusterlink_pipeline_failures_total}) and the producers it aborted
 * ({@code clusterlink_pipeline_producer_aborts_total}).
 */
@Component
public class MirrorMetrics {

	private final MeterRegistry registry;

	private final Map<String, MirrorMeters> mirrors = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> partitionsByState = new ConcurrentHashMap<>();

	public MirrorMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A failure of a link's copy loop (an exception retried with back-off), or of
	 * positioning its partitions on the destination.
	 */
	public void pipelineFailure(String link) {
		Counter.builder("clusterlink.pipeline.failures")
			.description("failures of a link's copy loop on this worker, each retried with back-off")
			.tag("link", link)
			.register(this.registry)
			.increment();
	}

	/**
	 * A link's destination producer was aborted (a failed send, a closed send window, a
	 * divergence, a drain that timed out): its partitions settle and resume.
	 */
	public void producerAborted(String link) {
		Counter.builder("clusterlink.pipeline.producer.aborts")
			.description("destination producers aborted on this worker; the partitions settle and resume")
			.tag("link", link)
			.register(this.registry)
			.increment();
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

		private final LongAdder records = new LongAdder();

		private final LongAdder bytes = new LongAdder();

		private final Timer latency;

		private final AtomicLong lag = new AtomicLong();

		MirrorMeters(MeterRegistry registry, String link, String mirror) {
			Tags tags = Tags.of("link", link, "topic", mirror);
			// counted with LongAdders on the producer's I/O thread, once per record: a
			// Counter per record costs more than the copy itself for small records
			FunctionCounter.builder("clusterlink.mirror.records.copied", this.records, LongAdder::sum)
				.description("records copied and acknowledged by the destination")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("clusterlink.mirror.copied", this.bytes, LongAdder::sum)
				.baseUnit("bytes")
				.description("key and value bytes copied")
				.tags(tags)
				.register(registry);
			this.latency = Timer.builder("clusterlink.mirror.replication.latency")
				.description("from the source record timestamp to the destination acknowledgement, sampled: the "
						+ "last record of each batch copied per partition")
				.tags(tags)
				.register(registry);
			Gauge.builder("clusterlink.mirror.lag", this.lag, AtomicLong::get)
				.baseUnit("records")
				.description("records of the source not yet on the destination (largest partition lag)")
				.tags(tags)
				.register(registry);
		}

		/** One record acknowledged at its expected offset. */
		public void copied(long bytes) {
			this.records.increment();
			this.bytes.add(bytes);
		}

		/** A replication latency sample. */
		public void latency(long sourceTimestamp, long nowMillis) {
			if (sourceTimestamp > 0 && nowMillis >= sourceTimestamp) {
				this.latency.record(nowMillis - sourceTimestamp, TimeUnit.MILLISECONDS);
			}
		}

		public void lag(long records) {
			this.lag.set(records);
		}

	}

}
