package dev.clusterlink.runtime.kafka;

import java.util.Map;

import dev.clusterlink.kafka.ClusterConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientFactoryTest {

	@Test
	void replicationSafetySettingsCannotBeOverridden() {
		ClusterConnection connection = new ClusterConnection("src", "x:1", Map.of("request.timeout.ms", "1000"));
		assertThat(KafkaClientFactory.rawConsumerConfig(connection, "c")).containsEntry("auto.offset.reset", "none")
			.containsEntry("enable.auto.commit", false)
			.containsEntry("request.timeout.ms", "1000");
		assertThat(KafkaClientFactory.rawProducerConfig(connection, "p")).containsEntry("acks", "all")
			.containsEntry("enable.idempotence", true);
	}

}
