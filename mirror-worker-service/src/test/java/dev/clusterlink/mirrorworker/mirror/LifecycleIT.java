package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pause and resume, promote and failover, driven as the link manager drives them. */
class LifecycleIT extends WorkerIT {

	@Test
	void pauseStopsCopyingAndResumeContinuesWithoutGapOrDuplicate() {
		String topic = unique("pause");
		KafkaTopics.create(source(), topic, 2, Map.of());
		KafkaTopics.produceVaried(source(), topic, 2, 200, "none", 0);
		UUID mirror = link(Map.of()).mirror(topic, topic);
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).hasSize(2)
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));

		control.request(mirror, "PAUSED", null);
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror))
			.allSatisfy((row) -> assertThat(row.get("state")).isEqualTo("PAUSED")));
		long before = endOf(destination(), topic, 0) + endOf(destination(), topic, 1);
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 200);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> endOf(destination(), topic, 0) + endOf(destination(), topic, 1) == before);

		control.request(mirror, "PENDING", null);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror))
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		for (int p = 0; p < 2; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
	}

	@Test
	void pausingTheLinkStopsItsMirrors() {
		String topic = unique("linkpause");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 0);
		TestLink link = link(Map.of());
		UUID mirror = link.mirror(topic, topic);
		eventually().until(() -> endOf(destination(), topic, 0) == 50);

		control.linkState(link.id(), "PAUSED");
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 50);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> endOf(destination(), topic, 0) == 50);

		control.linkState(link.id(), "ACTIVE");
		eventually().until(() -> endOf(destination(), topic, 0) == 100);
		KafkaTopics.assertIdentical(source(), new TopicPartition(topic, 0), destination(),
				new TopicPartition(topic, 0));
	}

	@Test
	void promoteWaitsForLagZeroThenStopsAndTheTopicIsWritable() {
		String topic = unique("promote");
		KafkaTopics.create(source(), topic, 2, Map.of("retention.ms", "86400000"));
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 0);
		TestLink link = link(Map.of());
		UUID mirror = link.mirror(topic, topic);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));

		// the mirror lags while the link is paused; promote must wait
		control.linkState(link.id(), "PAUSED");
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 2, 300, "none", 100);
		control.request(mirror, "PENDING_STOPPED", "PROMOTE");
		eventually().untilAsserted(() -> assertThat((String) control.mirror(mirror).get("state_reason"))
			.contains("waiting for 2 partition(s) to reach lag 0"));
		assertThat(control.state(mirror)).isEqualTo("PENDING_STOPPED");

		control.linkState(link.id(), "ACTIVE");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));
		Map<String, Object> row = control.mirror(mirror);
		assertThat(row).containsEntry("stopped_by", "PROMOTE");
		assertThat(compact(row.get("report"))).contains("\"stoppedBy\":\"PROMOTE\"").contains("finalOffsetSync");
		for (int p = 0; p < 2; p++) {
			KafkaTopics.assertIdentical(source(), new TopicPartition(topic, p), destination(),
					new TopicPartition(topic, p));
		}
		// writable, and the link does not write any more
		try (KafkaProducer<byte[], byte[]> app = KafkaTopics.producer(destination(), "none")) {
			app.send(new ProducerRecord<>(topic, 0, null, "after promotion".getBytes())).get();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		KafkaTopics.produceVaried(source(), topic, 2, 20, "none", 400);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> endOf(destination(), topic, 1) == endOf(destination(), topic, 1));
		assertThat(endOf(destination(), topic, 1)).isEqualTo(endOf(source(), topic, 1) - 10);
		assertThat(control.lease(mirror)).containsEntry("owner", null);
		assertThat(KafkaTopics.readAll(destination(), new TopicPartition(topic, 0))).last()
			.satisfies((record) -> assertThat(new String(record.value())).isEqualTo("after promotion"));
	}

	@Test
	void aPromotionThatCannotCatchUpTimesOutBackToActive() {
		String topic = unique("timeout");
		KafkaTopics.create(source(), topic, 1, Map.of());
		TestLink link = link(Map.of("mirror.promote.timeout.ms", "2000"));
		UUID mirror = link.mirror(topic, topic);
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		control.linkState(link.id(), "PAUSED");
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 1, 10, "none", 0);

		control.request(mirror, "PENDING_STOPPED", "PROMOTE");
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("promotion timed out after 2s")
			.contains("0 (lag 10)");
		assertThat(control.mirror(mirror).get("stopped_by")).isNull();
	}

	@Test
	void failoverStopsAtOnceAndReportsWhatWasLeftBehind() {
		String topic = unique("failover");
		KafkaTopics.create(source(), topic, 2, Map.of());
		KafkaTopics.produceVaried(source(), topic, 2, 100, "none", 0);
		TestLink link = link(Map.of());
		UUID mirror = link.mirror(topic, topic);
		eventually().untilAsserted(() -> assertThat(control.partitions(mirror)).hasSize(2)
			.allSatisfy((row) -> assertThat(row.get("lag")).isEqualTo(0L)));
		control.linkState(link.id(), "PAUSED");
		eventually().until(() -> "PAUSED".equals(control.partitions(mirror).get(0).get("state")));
		KafkaTopics.produceVaried(source(), topic, 2, 40, "none", 100);

		control.request(mirror, "PENDING_STOPPED", "FAILOVER");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));
		Map<String, Object> row = control.mirror(mirror);
		assertThat(row).containsEntry("stopped_by", "FAILOVER");
		assertThat((String) row.get("state_reason"))
			.isEqualTo("failed over: 40 record(s) of the source were not mirrored");
		assertThat(compact(row.get("report"))).contains("\"sourceReachable\":true")
			.contains("\"recordsLeftBehind\":40")
			.contains("\"mirroredOffset\":50")
			.contains("\"sourceEndOffset\":70");
	}

	@Test
	void aSourceThatStopsAnsweringMakesTheMirrorSourceUnavailableUntilItAnswersAgain() {
		String topic = unique("unavailable");
		KafkaTopics.create(source(), topic, 1, Map.of());
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 0);
		TestLink link = link(Map.of("topic.config.sync.ms", "1000"));
		UUID mirror = link.mirror(topic, topic);
		eventually().until(() -> endOf(destination(), topic, 0) == 50);

		control.setBootstrap(link.sourceCluster(), "127.0.0.1:1"); // the source stops
																	// answering
		eventually().until(() -> "SOURCE_UNAVAILABLE".equals(control.state(mirror)));
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("does not answer");
		KafkaTopics.produceVaried(source(), topic, 1, 50, "none", 50);

		control.setBootstrap(link.sourceCluster(), source()); // and answers again
		eventually().until(() -> "ACTIVE".equals(control.state(mirror)));
		eventually().until(() -> endOf(destination(), topic, 0) == 100);
		KafkaTopics.assertIdentical(source(), new TopicPartition(topic, 0), destination(),
				new TopicPartition(topic, 0));
	}

	@Test
	void failoverWorksWithTheSourceClusterGone() {
		EmbeddedKafkaKraftBroker lonely = new EmbeddedKafkaKraftBroker(1, 1);
		lonely.brokerListProperty("clusterlink.test.kafka.lonely");
		lonely.afterPropertiesSet();
		String topic = unique("gone");
		UUID mirror;
		try {
			KafkaTopics.create(lonely.getBrokersAsString(), topic, 1, Map.of());
			KafkaTopics.produceVaried(lonely.getBrokersAsString(), topic, 1, 30, "none", 0);
			UUID source = control.cluster(unique("lonely"), lonely.getBrokersAsString());
			UUID destination = control.cluster(unique("dst"), destination());
			String name = unique("link");
			UUID linkId = control.link(name, source, destination, Map.of());
			mirror = control.mirror(linkId, destination, topic, topic);
			eventually().until(() -> endOf(destination(), topic, 0) == 30);
		}
		finally {
			lonely.destroy();
		}
		eventually().until(() -> "SOURCE_UNAVAILABLE".equals(control.state(mirror)));
		control.request(mirror, "PENDING_STOPPED", "FAILOVER");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));
		assertThat(compact(control.mirror(mirror).get("report"))).contains("\"sourceReachable\":false")
			.contains("\"mirroredOffset\":30")
			.contains("\"finalOffsetSync\":\"skipped:thesourceclusterdidnotanswer\"");
		assertThat((String) control.mirror(mirror).get("state_reason")).contains("source was unreachable");
	}

	/**
	 * The report as JSON text without white space (PostgreSQL formats jsonb with spaces).
	 */
	private static String compact(Object json) {
		return String.valueOf(json).replaceAll("\\s", "");
	}

	private static long endOf(String bootstrap, String topic, int partition) {
		return KafkaTopics.offset(bootstrap, new TopicPartition(topic, partition), OffsetSpec.latest());
	}

}
