package dev.clusterlink.mirrorworker.mirror;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic configs, partition counts and read-only warnings follow the source. */
class TopicSyncIT extends WorkerIT {

	@Test
	void configChangesAndNewPartitionsReachTheMirror() throws Exception {
		String topic = unique("sync");
		KafkaTopics.create(source(), topic, 2, Map.of("retention.ms", "86400000", "max.message.bytes", "2000000"));
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 0);
		UUID mirror = link(Map.of("topic.config.sync.ms", "1000", "topic.config.sync.exclude", "segment.bytes"))
			.mirror(topic, topic);

		eventually()
			.untilAsserted(() -> assertThat(configs(destination(), topic)).containsEntry("retention.ms", "86400000")
				.containsEntry("max.message.bytes", "2000000")
				.containsEntry("message.timestamp.type", "CreateTime")
				.containsEntry("message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE)));

		alter(source(), topic,
				List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
						new AlterConfigOp(new ConfigEntry("max.message.bytes", null), AlterConfigOp.OpType.DELETE),
						new AlterConfigOp(new ConfigEntry("segment.bytes", "1048576"), AlterConfigOp.OpType.SET)));
		eventually()
			.untilAsserted(() -> assertThat(configs(destination(), topic)).containsEntry("retention.ms", "7200000")
				.doesNotContainKey("max.message.bytes")
				.as("excluded by topic.config.sync.exclude")
				.doesNotContainKey("segment.bytes"));

		try (Admin admin = KafkaTopics.admin(source())) {
			admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);
		}
		KafkaTopics.produceVaried(source(), topic, 4, 200, "none", 100);
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).hasSize(4)
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		for (int p = 0; p < 4; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
	}

	@Test
	void aCompactedSourceGetsACompactedMirrorAfterSetUp() {
		String topic = unique("compact");
		KafkaTopics.create(source(), topic, 1, Map.of("cleanup.policy", "compact"));
		UUID mirror = link(Map.of("topic.config.sync.ms", "1000")).mirror(topic, topic);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually()
			.untilAsserted(() -> assertThat(configs(destination(), topic)).containsEntry("cleanup.policy", "compact"));
	}

	@Test
	void theMirrorWarnsThatADestinationWithoutAuthorizerLetsAnyoneWrite() {
		String topic = unique("warn");
		KafkaTopics.create(source(), topic, 1, Map.of());
		UUID mirror = link(Map.of("topic.config.sync.ms", "1000")).mirror(topic, topic);
		eventually()
			.untilAsserted(() -> assertThat((String) control.mirror(mirror).get("warnings")).contains("no authorizer"));
	}

	private static Map<String, String> configs(String bootstrap, String topic) throws Exception {
		try (Admin admin = KafkaTopics.admin(bootstrap)) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
			Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
			Map<String, String> explicit = new java.util.HashMap<>();
			config.entries()
				.stream()
				.filter((entry) -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
				.forEach((entry) -> explicit.put(entry.name(), entry.value()));
			return explicit;
		}
	}

	private static void alter(String bootstrap, String topic, Collection<AlterConfigOp> ops) throws Exception {
		try (Admin admin = KafkaTopics.admin(bootstrap)) {
			admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

}
