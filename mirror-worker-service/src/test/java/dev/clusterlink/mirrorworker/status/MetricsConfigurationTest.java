package dev.clusterlink.mirrorworker.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsConfigurationTest {

	@Test
	void kafkaClientMetricsPerPartitionAreLeftOut() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new MetricsConfiguration().noPerPartitionKafkaClientMetrics());

		Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 1).tag("partition", "0").register(registry);
		Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", () -> 1).register(registry);
		Gauge.builder("clusterlink.mirror.partition.lag", () -> 1).tag("partition", "0").register(registry);

		assertThat(registry.find("kafka.consumer.fetch.manager.records.lag").gauge()).isNull();
		assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").gauge()).isNotNull();
		assertThat(registry.find("clusterlink.mirror.partition.lag").gauge()).isNotNull();
	}

}
