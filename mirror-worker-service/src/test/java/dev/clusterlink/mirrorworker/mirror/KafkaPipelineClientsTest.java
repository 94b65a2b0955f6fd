package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.Map;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.status.KafkaClientMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's clients publish Kafka's own metrics while open, and only then. */
class KafkaPipelineClientsTest {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final KafkaClientMeters meters = new KafkaClientMeters(this.registry);

	private final ClusterConnection nowhere = new ClusterConnection("c", "127.0.0.1:9", Map.of());

	private final KafkaPipelineClients clients = new KafkaPipelineClients(this.nowhere, this.nowhere,
			LinkPipelineTest.properties(), "clusterlink-worker-test-dr", this.meters, "dr");

	@AfterEach
	void stop() {
		this.meters.destroy();
	}

	@Test
	void eachClientsMetricsComeAndGoWithIt() {
		Producer<byte[], byte[]> producer = this.clients.destinationProducer();
		Consumer<byte[], byte[]> consumer = this.clients.sourceConsumer();
		Admin admin = this.clients.destinationAdmin();
		String scrape = this.registry.scrape();
		assertThat(scrape)
			.contains("kafka_producer_buffer_available_bytes{client_id=\"clusterlink-worker-test-dr-destination\"")
			.contains("kafka_producer_request_latency_avg{")
			.contains("kafka_consumer_fetch_manager_fetch_latency_avg{")
			.contains("kafka_admin_client_connection_count{")
			.contains("link=\"dr\"");
		assertThat(this.meters.scheduledRefreshes()).isEqualTo(3);

		producer.close(Duration.ZERO);
		assertThat(this.registry.scrape()).doesNotContain("kafka_producer_").contains("kafka_consumer_");
		consumer.close(CloseOptions.timeout(Duration.ZERO));
		admin.close(Duration.ZERO);

		assertThat(this.registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("kafka."));
		// no refresh of a closed client stays scheduled: it would register its meters
		// again
		assertThat(this.meters.scheduledRefreshes()).isZero();
	}

	@Test
	void aProducerAfterAnAbortHasMetersOfItsOwn() {
		Producer<byte[], byte[]> aborted = this.clients.destinationProducer();
		Producer<byte[], byte[]> next = this.clients.destinationProducer();

		aborted.close(Duration.ZERO);

		assertThat(this.registry.scrape()).contains("kafka_producer_buffer_available_bytes{")
			.contains("session=\"2\"")
			.doesNotContain("session=\"1\"");
		next.close(Duration.ZERO);
	}

}
