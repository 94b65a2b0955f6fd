package dev.clusterlink.mirrorworker.status;

import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the worker publishes about a mirror tells the truth: the latency histogram, the
 * per-partition lag, the state gauge flipping to a fail-closed state, the link's Kafka
 * client metrics; and once the mirror is deleted, none of its meters.
 */
class WorkerMetricsIT extends WorkerIT {

	@Autowired
	MeterRegistry registry;

	@Test
	void aMirrorsMetersFollowItsStateAndDisappearWhenItIsDeleted() {
		String topic = unique("metrics");
		KafkaTopics.create(source(), topic, 2, Map.of());
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 0);
		TestLink link = link(Map.of());
		UUID mirror = link.mirror(topic, topic);
		TopicPartition tp = new TopicPartition(topic, 0);
		eventually().until(() -> KafkaTopics.offset(destination(), tp, OffsetSpec.latest()) == 50);

		assertThat(this.registry.find("clusterlink.worker.ready").gauge().value()).isEqualTo(1.0);
		eventually().untilAsserted(() -> {
			assertThat(gauge("clusterlink.mirror.state", topic, "state", "ACTIVE")).isEqualTo(1.0);
			assertThat(this.registry.find("clusterlink.mirror.partition.lag").tag("topic", topic).gauges()).hasSize(2);
			Timer latency = this.registry.find("clusterlink.mirror.replication.latency").tag("topic", topic).timer();
			assertThat(latency).isNotNull();
			assertThat(latency.count()).isPositive();
			assertThat(((HistogramSupport) latency).takeSnapshot().histogramCounts()).hasSizeGreaterThan(20);
			assertThat(this.registry.find("kafka.producer.buffer.available.bytes").tag("link", link.name()).gauge())
				.isNotNull();
			assertThat(this.registry.find("kafka.consumer.fetch.manager.fetch.latency.avg")
				.tag("link", link.name())
				.gauge()).isNotNull();
		});

		control.request(mirror, "PAUSED", null);
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 100);
		KafkaTopics.deleteRecordsBefore(source(), tp, 100);
		eventually().until(() -> "DATA_LOSS".equals(control.state(mirror)));
		eventually().untilAsserted(() -> {
			assertThat(gauge("clusterlink.mirror.state", topic, "state", "DATA_LOSS")).isEqualTo(1.0);
			assertThat(this.registry.find("clusterlink.mirror.state").tag("topic", topic).gauges()).hasSize(1);
			assertThat(this.registry.find("clusterlink.mirror.halted.partitions").tag("topic", topic).gauge().value())
				.isEqualTo(1.0);
		});

		control.deleteMirror(mirror);

		eventually().untilAsserted(() -> {
			assertThat(this.registry.getMeters()).noneMatch((meter) -> topic.equals(meter.getId().getTag("topic")));
			assertThat(this.registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("kafka.")
					&& link.name().equals(meter.getId().getTag("link")));
		});
	}

	private double gauge(String name, String topic, String tag, String value) {
		return this.registry.find(name).tag("topic", topic).tag(tag, value).gauge().value();
	}

}
