package dev.clusterlink.mirrorworker.status;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorMetricsTest {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final MirrorMetrics metrics = new MirrorMetrics(this.registry);

	@Test
	void aStoppedMirrorsMetersDisappear() {
		MirrorMetrics.MirrorMeters orders = this.metrics.of("dr", "orders");
		orders.copied(10);
		orders.lag(5);
		orders.partitionLags(Map.of(0, 5L, 1, 0L));
		orders.state("ACTIVE", 0);
		this.metrics.of("dr", "payments").lag(1);
		assertThat(mirrorMeters("orders")).isNotEmpty();

		this.metrics.remove("dr", "orders");

		assertThat(mirrorMeters("orders")).isEmpty();
		assertThat(mirrorMeters("payments")).isNotEmpty();
		assertThat(scrape()).doesNotContain("topic=\"orders\"").contains("topic=\"payments\"");
		orders.state("FAILED", 1); // a late report of a stopped mirror registers nothing
		orders.partitionLags(Map.of(0, 1L));
		assertThat(mirrorMeters("orders")).isEmpty();
	}

	@Test
	void retainDropsMirrorsNotRunningThatExistedBeforeTheSnapshot() {
		this.metrics.of("dr", "moved").lag(3);
		this.metrics.of("dr", "kept").lag(3);
		long snapshot = System.nanoTime();
		this.metrics.of("dr", "started-after").lag(0);

		this.metrics.retain(Set.of(MirrorMetrics.key("dr", "kept")), snapshot);

		assertThat(mirrorMeters("moved")).isEmpty();
		assertThat(mirrorMeters("kept")).isNotEmpty();
		assertThat(mirrorMeters("started-after")).isNotEmpty();
	}

	@Test
	void aPartitionNoLongerReportedLosesItsLagGauge() {
		MirrorMetrics.MirrorMeters orders = this.metrics.of("dr", "orders");
		orders.partitionLags(Map.of(0, 7L, 1, 2L));
		assertThat(scrape())
			.contains("clusterlink_mirror_partition_lag_records{link=\"dr\",partition=\"0\",topic=\"orders\"} 7.0");

		orders.partitionLags(Map.of(1, 2L));

		assertThat(this.registry.find("clusterlink.mirror.partition.lag").gauges()).hasSize(1);
		assertThat(scrape()).doesNotContain("partition=\"0\"");
	}

	@Test
	void replicationLatencyIsAHistogramPrometheusCanTakeP99Of() {
		this.metrics.of("dr", "orders").latency(1_000, 1_250);

		String scrape = scrape();

		assertThat(scrape)
			.contains(
					"clusterlink_mirror_replication_latency_seconds_bucket{link=\"dr\",topic=\"orders\",le=\"0.1\"} 0")
			.contains(
					"clusterlink_mirror_replication_latency_seconds_bucket{link=\"dr\",topic=\"orders\",le=\"0.5\"} 1")
			.contains(
					"clusterlink_mirror_replication_latency_seconds_bucket{link=\"dr\",topic=\"orders\",le=\"1.0\"} 1")
			.contains(
					"clusterlink_mirror_replication_latency_seconds_bucket{link=\"dr\",topic=\"orders\",le=\"+Inf\"} 1")
			.contains("clusterlink_mirror_replication_latency_seconds_count{link=\"dr\",topic=\"orders\"} 1");
		long buckets = scrape.lines()
			.filter((line) -> line.startsWith("clusterlink_mirror_replication_latency_seconds_bucket"))
			.count();
		assertThat(buckets).as("buckets per mirror").isBetween(20L, 80L);
	}

	@Test
	void theStateGaugeFlipsWhenAMirrorHalts() {
		MirrorMetrics.MirrorMeters orders = this.metrics.of("dr", "orders");
		orders.state("ACTIVE", 0);
		assertThat(scrape()).contains("clusterlink_mirror_state{link=\"dr\",state=\"ACTIVE\",topic=\"orders\"} 1")
			.contains("clusterlink_mirror_halted_partitions{link=\"dr\",topic=\"orders\"} 0");

		orders.state("DATA_LOSS", 2);

		assertThat(scrape()).contains("clusterlink_mirror_state{link=\"dr\",state=\"DATA_LOSS\",topic=\"orders\"} 1")
			.doesNotContain("state=\"ACTIVE\"")
			.contains("clusterlink_mirror_halted_partitions{link=\"dr\",topic=\"orders\"} 2");
	}

	private java.util.List<Meter> mirrorMeters(String mirror) {
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> mirror.equals(meter.getId().getTag("topic")))
			.toList();
	}

	private String scrape() {
		return this.registry.scrape();
	}

}
