package dev.clusterlink.mirrorworker.status;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Filters applied to every meter the worker registers. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/**
	 * Leaves out the Kafka consumer's per-partition metrics (records lag and lead, each
	 * with an average and a maximum): a worker reads thousands of partitions, and
	 * {@code clusterlink_mirror_partition_lag_records} already gives each one's lag. The
	 * per-client and per-topic metrics stay.
	 */
	@Bean
	MeterFilter noPerPartitionKafkaClientMetrics() {
		return MeterFilter.deny((id) -> id.getName().startsWith("kafka.") && id.getTag("partition") != null);
	}

}
