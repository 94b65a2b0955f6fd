package dev.clusterlink.mirrorworker.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The worker's replication metrics (Prometheus names in brackets): records and bytes
 * copied per mirror ({@code clusterlink_mirror_records_copied_total},
 * {@code clusterlink_mirror_copied_bytes_total}), lag per mirror and per partition
 * ({@code clusterlink_mirror_lag_records},
 * {@code clusterlink_mirror_partition_lag_records}), replication latency from the source
 * record timestamp to the destination acknowledgement, sampled once per batch and
 * partition, as a histogram
 * ({@code clusterlink_mirror_replication_latency_seconds_bucket}), the state of each
 * mirror ({@code clusterlink_mirror_state}, 1 for its current state) and its halted
 * partitions ({@code clusterlink_mirror_halted_partitions}), partitions by state
 * ({@code clusterlink_mirror_partitions}), and per link the failures of its copy loop
 * ({@code clusterlink_pipeline_failures_total}) and the producers it aborted
 * ({@code clusterlink_pipeline_producer_aborts_total}).
 *
 * <p>
 * A mirror's meters exist only while this worker copies it: {@link #remove} drops them
 * when the mirror stops here (revoked, deleted, stopped, its lease lost), and
 * {@link #retain} drops those of mirrors no longer running, so a mirror that moved to
 * another worker is never published by two.
 */
@Component
public class MirrorMetrics {

	/** Latency buckets an SLO is usually stated in, next to the percentile histogram. */
	static final Duration[] LATENCY_SLOS = { Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofSeconds(5), Duration.ofSeconds(30) };

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
		return this.mirrors.computeIfAbsent(key(link, mirror),
				(key) -> new MirrorMeters(this.registry, link, mirror, System.nanoTime()));
	}

	/**
	 * The mirror stopped on this worker (revoked, deleted, stopped, lease lost): its
	 * meters are removed from the registry.
	 */
	public void remove(String link, String mirror) {
		MirrorMeters meters = this.mirrors.remove(key(link, mirror));
		if (meters != null) {
			meters.close();
		}
	}

	/**
	 * Removes the meters of every mirror not in {@code running} that were created before
	 * {@code createdBefore} (a {@link System#nanoTime()}): a mirror being started while
	 * the caller took its snapshot keeps its meters.
	 * @param running keys {@code link/mirror} of the mirrors this worker runs now
	 */
	public void retain(Set<String> running, long createdBefore) {
		for (Map.Entry<String, MirrorMeters> entry : this.mirrors.entrySet()) {
			MirrorMeters meters = entry.getValue();
			if (!running.contains(entry.getKey()) && meters.created - createdBefore < 0
					&& this.mirrors.remove(entry.getKey(), meters)) {
				meters.close();
			}
		}
	}

	/** The key of a mirror for {@link #retain}. */
	public static String key(String link, String mirror) {
		return link + "/" + mirror;
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

	/**
	 * Meters of one mirror. Records, bytes and latency are counted without locks (the
	 * producer's I/O thread); the gauges the progress reporter sets and {@link #close}
	 * are synchronized, so a gauge is never registered after the mirror's meters were
	 * removed.
	 */
	public static final class MirrorMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		private final long created;

		private final LongAdder records = new LongAdder();

		private final LongAdder bytes = new LongAdder();

		private final Timer latency;

		private final AtomicLong lag = new AtomicLong();

		private final AtomicLong haltedPartitions = new AtomicLong();

		/** Meters of this mirror other than the per-partition and state gauges. */
		private final List<Meter> meters = new ArrayList<>();

		/** Lag per partition (progress-reporter thread). */
		private final Map<Integer, PartitionLag> partitionLags = new ConcurrentHashMap<>();

		/** The state gauge now registered (progress-reporter thread). */
		private @Nullable Meter stateGauge;

		private @Nullable String state;

		private boolean closed;

		MirrorMeters(MeterRegistry registry, String link, String mirror, long created) {
			this.registry = registry;
			this.tags = Tags.of("link", link, "topic", mirror);
			this.created = created;
			// counted with LongAdders on the producer's I/O thread, once per record: a
			// Counter per record costs more than the copy itself for small records
			this.meters.add(FunctionCounter.builder("clusterlink.mirror.records.copied", this.records, LongAdder::sum)
				.description("records copied and acknowledged by the destination")
				.tags(this.tags)
				.register(registry));
			this.meters.add(FunctionCounter.builder("clusterlink.mirror.copied", this.bytes, LongAdder::sum)
				.baseUnit("bytes")
				.description("key and value bytes copied")
				.tags(this.tags)
				.register(registry));
			this.latency = Timer.builder("clusterlink.mirror.replication.latency")
				.description("from the source record timestamp to the destination acknowledgement, sampled: the "
						+ "last record of each batch copied per partition")
				.tags(this.tags)
				.publishPercentileHistogram()
				.serviceLevelObjectives(LATENCY_SLOS)
				.minimumExpectedValue(Duration.ofMillis(5))
				.maximumExpectedValue(Duration.ofMinutes(5))
				.register(registry);
			this.meters.add(this.latency);
			this.meters.add(Gauge.builder("clusterlink.mirror.lag", this.lag, AtomicLong::get)
				.baseUnit("records")
				.description("records of the source not yet on the destination (largest partition lag)")
				.tags(this.tags)
				.register(registry));
			this.meters
				.add(Gauge.builder("clusterlink.mirror.halted.partitions", this.haltedPartitions, AtomicLong::get)
					.description("partitions of the mirror halted in a fail-closed state on this worker")
					.tags(this.tags)
					.register(registry));
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

		/**
		 * The lag of each partition (progress-reporter thread); partitions not in the map
		 * lose their gauge.
		 */
		public synchronized void partitionLags(Map<Integer, Long> lags) {
			if (this.closed) {
				return;
			}
			this.partitionLags.entrySet().removeIf((entry) -> {
				boolean gone = !lags.containsKey(entry.getKey());
				if (gone) {
					this.registry.remove(entry.getValue().gauge());
				}
				return gone;
			});
			lags.forEach((partition, value) -> this.partitionLags.computeIfAbsent(partition, (p) -> {
				AtomicLong lag = new AtomicLong();
				Gauge gauge = Gauge.builder("clusterlink.mirror.partition.lag", lag, AtomicLong::get)
					.baseUnit("records")
					.description("records of the source partition not yet on the destination")
					.tags(this.tags.and("partition", Integer.toString(p)))
					.register(this.registry);
				return new PartitionLag(lag, gauge);
			}).value().set(value));
		}

		/**
		 * The mirror's state as this worker runs it (progress-reporter thread):
		 * {@code clusterlink_mirror_state{state}} is 1 for it, and no series exists for
		 * the other states.
		 * @param state the mirror's state, the fail-closed state of its first halted
		 * partition when one halted
		 * @param halted partitions halted in a fail-closed state
		 */
		public synchronized void state(String state, long halted) {
			this.haltedPartitions.set(halted);
			if (this.closed || state.equals(this.state)) {
				return;
			}
			Meter previous = this.stateGauge;
			if (previous != null) {
				this.registry.remove(previous);
			}
			this.stateGauge = Gauge.builder("clusterlink.mirror.state", () -> 1)
				.description("1 for the state of each mirror this worker runs")
				.tags(this.tags.and("state", state))
				.register(this.registry);
			this.state = state;
		}

		synchronized void close() {
			this.closed = true;
			this.meters.forEach(this.registry::remove);
			this.partitionLags.values().forEach((lag) -> this.registry.remove(lag.gauge()));
			this.partitionLags.clear();
			Meter gauge = this.stateGauge;
			if (gauge != null) {
				this.registry.remove(gauge);
			}
		}

		private record PartitionLag(AtomicLong value, Gauge gauge) {
		}

	}

}
