package dev.clusterlink.faults.traffic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.faults.proxy.FaultProxy;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The load writes what it says, at its rate, and remembers every acknowledged record. */
class AckedLoadIT {

	/**
	 * The two tests that expect no failed send give the producer three minutes: the
	 * embedded broker shares two cores with the rest of the build, and a 30 s stall of
	 * one partition failed a CI run (22 records expired) although nothing was wrong with
	 * the load's bookkeeping, which is what these tests check.
	 */
	private static final Map<String, Object> PATIENT = Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
			ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);

	private static final Duration PATIENT_STOP = Duration.ofSeconds(200);

	@Test
	void everyAcknowledgedRecordIsOnTheTopicAtItsOffset() throws Exception {
		String topic = createTopic(3);
		AckedLoad load = AckedLoad.start(TestKafka.sourceBootstrap(), topic, 3, 5000, 200, 11, PATIENT);
		try (load) {
			await().atMost(Duration.ofMinutes(3)).until(() -> load.acknowledged() >= 3000);
			assertThat(load.stop(PATIENT_STOP)).as("nothing outstanding after stop").isTrue();
		}
		assertThat(load.failed()).as(load.lastFailure().orElse("")).isZero();
		assertThat(load.acknowledged()).isEqualTo(load.sent());
		Map<Integer, AckedPartition> acked = load.acknowledgedRecords();
		assertThat(acked.values().stream().mapToLong(AckedPartition::size).sum()).isEqualTo(load.acknowledged());
		for (AckedPartition partition : acked.values()) {
			List<ConsumerRecord<byte[], byte[]>> records = read(topic, partition.partition());
			assertThat(records).hasSize(partition.size());
			for (int i = 0; i < partition.size(); i++) {
				assertRecord(records.get((int) partition.offset(i)), load.runId(), partition, i);
			}
		}
	}

	@Test
	void keepsToItsRate() {
		String topic = createTopic(1);
		long start = System.nanoTime();
		try (AckedLoad load = AckedLoad.start(TestKafka.sourceBootstrap(), topic, 1, 500, 10, 1)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.sent() >= 1000);
			// record n is due n / rate seconds after the start: the 1000th after 1.998 s
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1900));
		}
	}

	@Test
	void pausesAndWritesToPartitionsAddedLater() throws Exception {
		String topic = createTopic(2);
		try (AckedLoad load = AckedLoad.start(TestKafka.sourceBootstrap(), topic, 2, 1000, 50, 2, PATIENT)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() >= 100);
			load.pauseFor(Duration.ofSeconds(6));
			long[] seen = { -1 };
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
				long sent = load.sent();
				boolean unchanged = sent == seen[0];
				seen[0] = sent;
				return unchanged;
			});
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.sourceBootstrap()))) {
				admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);
			}
			load.partitions(4);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> load.acknowledgedRecords().get(2).size() > 10
						&& load.acknowledgedRecords().get(3).size() > 10);
			assertThat(load.stop(PATIENT_STOP)).isTrue();
			assertThat(load.failed()).as(load.lastFailure().orElse("")).isZero();
		}
	}

	@Test
	void countsFailuresAndGoesOnWhileTheClusterIsUnreachable() {
		String topic = createTopic(1);
		String[] broker = TestKafka.sourceBootstrap().split(",")[0].split(":");
		try (FaultProxy proxy = FaultProxy.start(broker[0], Integer.parseInt(broker[1])).refuse(true);
				AckedLoad load = AckedLoad.start(proxy.address(), topic, 1, 100, 10, 3,
						Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.failed() >= 3);
			assertThat(load.acknowledged()).isZero();
			assertThat(load.lastFailure()).hasValueSatisfying((failure) -> assertThat(failure).contains("p0-"));
			proxy.heal();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() >= 50);
			assertThat(load.stop(Duration.ofSeconds(30))).isTrue();
			assertThat(load.sent()).isEqualTo(load.acknowledged() + load.failed());
		}
	}

	private static void assertRecord(ConsumerRecord<byte[], byte[]> record, String runId, AckedPartition acked,
			int index) {
		assertThat(record.offset()).isEqualTo(acked.offset(index));
		assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(acked.key(index));
		assertThat(Payload.decode(record.value())).isEqualTo(new Payload(runId, acked.partition(), acked.seq(index)));
		assertThat(record.value()).hasSize(200);
		assertThat(new String(record.headers().lastHeader("run").value(), StandardCharsets.UTF_8)).isEqualTo(runId);
		assertThat(new String(record.headers().lastHeader("seq").value(), StandardCharsets.UTF_8))
			.isEqualTo(Long.toString(acked.seq(index)));
		assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
	}

	private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int partition) {
		TopicPartition topicPartition = new TopicPartition(topic, partition);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.sourceBootstrap(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(List.of(topicPartition));
			long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return consumer.position(topicPartition) >= end;
			});
		}
		return records;
	}

	private static String createTopic(int partitions) {
		String topic = "acked-load-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.sourceBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return topic;
	}

}
