package dev.clusterlink.mirrorworker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes and metrics of a worker that mirrors something. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "clusterlink.worker.reconcile-interval=1s", "clusterlink.worker.status-interval=300ms",
				"clusterlink.worker.lease-ttl=10s", "clusterlink.worker.lease-renew-interval=1s",
				"clusterlink.worker.session-timeout=6s", "clusterlink.worker.fence-margin=4s",
				"clusterlink.worker.producer.request-timeout=3s", "clusterlink.secret.allow-dev-key=true" })
class OperationsIT extends WorkerIT {

	@LocalServerPort
	private int port;

	@Test
	void probesAndReplicationMetrics() throws Exception {
		String topic = unique("metrics");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 100, "none", 0);
		UUID mirror = link(Map.of()).mirror(topic, topic);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));

		assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"").doesNotContain("\"db\"");
		assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"").contains("\"db\"");
		eventually().untilAsserted(
				() -> assertThat(get("/actuator/prometheus")).contains("clusterlink_mirror_records_copied_total{")
					.contains("topic=\"" + topic + "\"")
					.contains("clusterlink_mirror_copied_bytes_total")
					.contains("clusterlink_mirror_lag_records")
					.contains("clusterlink_mirror_replication_latency_seconds_count")
					.contains("clusterlink_mirror_partitions{"));
		assertThat(KafkaJvmHardening.isApplied()).isTrue();
	}

	private String get(String path) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
	}

}
