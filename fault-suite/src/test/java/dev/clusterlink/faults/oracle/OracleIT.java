package dev.clusterlink.faults.oracle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.clusterlink.faults.proxy.FaultProxy;
import dev.clusterlink.faults.traffic.AckedLoad;
import dev.clusterlink.faults.traffic.AckedPartition;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The oracle finds an exact copy identical and reports every kind of difference where it
 * is.
 */
class OracleIT {

	private static final int PARTITIONS = 3;

	private final String source = "oracle-source-" + UUID.randomUUID();

	private final String destination = "oracle-destination-" + UUID.randomUUID();

	@Test
	void anExactCopyIsIdentical() {
		Map<Integer, AckedPartition> acked = load(3000);
		List<Long> ends = copy((record) -> false);
		Verdict verdict = oracle().acknowledged(acked).check();
		assertThat(verdict.identical()).as(verdict.describe()).isTrue();
		assertThat(verdict.recordsCompared()).isEqualTo(ends.stream().mapToLong(Long::longValue).sum());
		assertThat(verdict.partitions().values().stream().mapToLong(PartitionVerdict::ackedChecked).sum())
			.isEqualTo(acked.values().stream().mapToLong(AckedPartition::size).sum());
		assertThat(verdict.describe()).startsWith("identical: 0 mismatches");
	}

	@Test
	void anExtraRecordOnTheDestinationIsReportedAtItsOffset() throws Exception {
		load(600);
		List<Long> ends = copy((record) -> false);
		try (KafkaProducer<byte[], byte[]> producer = producer(TestKafka.destinationBootstrap())) {
			producer.send(new ProducerRecord<>(this.destination, 1, "extra".getBytes(), new byte[1])).get();
		}
		Verdict verdict = oracle().check();
		assertThat(verdict.identical()).isFalse();
		assertThat(verdict.mismatches()).isOne();
		assertThat(verdict.first()).singleElement().satisfies((mismatch) -> {
			assertThat(mismatch.kind()).isEqualTo(Mismatch.Kind.EXTRA);
			assertThat(mismatch.topic()).isEqualTo(this.destination);
			assertThat(mismatch.partition()).isOne();
			assertThat(mismatch.offset()).isEqualTo(ends.get(1));
		});
		assertThat(verdict.partitions().get(1).destinationEnd()).isEqualTo(ends.get(1) + 1);
	}

	@Test
	void aSkippedRecordIsReportedAtTheFirstOffsetThatDiffers() {
		load(600);
		List<Long> ends = copy((record) -> record.partition() == 0 && record.offset() == 10);
		Verdict verdict = oracle().check();
		PartitionVerdict partition = verdict.partitions().get(0);
		assertThat(verdict.identical()).isFalse();
		assertThat(partition.first().offset()).as(verdict.describe()).isEqualTo(10);
		assertThat(partition.first().kind()).isEqualTo(Mismatch.Kind.KEY);
		long sourceEnd = ends.get(0);
		assertThat(partition.counts()).containsEntry(Mismatch.Kind.KEY, sourceEnd - 1 - 10)
			.containsEntry(Mismatch.Kind.MISSING, 1L);
		assertThat(verdict.partitions().get(1).identical()).isTrue();
		assertThat(verdict.first()).hasSize(Verdict.FIRST_LIMIT);
		assertThat(verdict.describe()).contains("partition 0 [0, source end " + sourceEnd)
			.contains("first mismatch at offset 10 (KEY");
	}

	@Test
	void acknowledgedRecordsMustBeOnTheSourceUnderTheirKey() {
		Map<Integer, AckedPartition> acked = load(300);
		copy((record) -> false);
		AckedPartition real = acked.get(0);
		long end = real.offset(real.size() - 1) + 1;
		AckedPartition forged = AckedPartition.of(0, new long[] { real.offset(0), real.offset(1), end },
				new long[] { real.seq(0), real.seq(1) + 1000, 4242 }, 3);
		Verdict verdict = oracle().acknowledged(Map.of(0, forged)).check();
		assertThat(verdict.first()).extracting(Mismatch::kind, Mismatch::offset)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Mismatch.Kind.ACKED_NOT_ON_SOURCE, real.offset(1)),
					org.assertj.core.groups.Tuple.tuple(Mismatch.Kind.ACKED_NOT_ON_SOURCE, end));
		assertThat(verdict.first().get(1).description()).contains("beyond the source end " + end);
		assertThat(verdict.partitions().get(0).ackedChecked()).isEqualTo(3);
	}

	@Test
	void theStartIsTheLaterLogStartUnlessGiven() throws Exception {
		load(600);
		copy((record) -> false);
		TopicPartition first = new TopicPartition(this.destination, 0);
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.destinationBootstrap()))) {
			admin.deleteRecords(Map.of(first, RecordsToDelete.beforeOffset(50))).all().get(30, TimeUnit.SECONDS);
		}
		Verdict later = oracle().check();
		assertThat(later.identical()).as(later.describe()).isTrue();
		assertThat(later.partitions().get(0).from()).isEqualTo(50);
		Verdict fromZero = oracle().from(Map.of(0, 0L)).check();
		assertThat(fromZero.partitions().get(0).counts()).containsExactly(Map.entry(Mismatch.Kind.MISSING, 50L));
		assertThat(fromZero.partitions().get(1).identical()).isTrue();
	}

	@Test
	void withoutADestinationTopicEveryRecordIsMissingAndWithoutASourceTopicThereIsNoVerdict() {
		load(100);
		String absent = "absent-" + UUID.randomUUID();
		Verdict verdict = Oracle
			.compare(TestKafka.sourceBootstrap(), this.source, TestKafka.destinationBootstrap(), absent)
			.check();
		long records = verdict.partitions().values().stream().mapToLong(PartitionVerdict::sourceEnd).sum();
		assertThat(records).isGreaterThanOrEqualTo(100);
		assertThat(verdict.mismatches()).isEqualTo(records);
		assertThat(verdict.first()).allSatisfy((mismatch) -> {
			assertThat(mismatch.kind()).isEqualTo(Mismatch.Kind.MISSING);
			assertThat(mismatch.topic()).isEqualTo(absent);
		});
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> Oracle
				.compare(TestKafka.sourceBootstrap(), absent, TestKafka.destinationBootstrap(), this.destination)
				.check())
			.withMessage("the source topic " + absent + " does not exist");
	}

	@Test
	void aStalledClusterFailsTheCheckAtItsDeadline() {
		load(100);
		copy((record) -> false);
		String[] broker = TestKafka.destinationBootstrap().split(",")[0].split(":");
		try (FaultProxy proxy = FaultProxy.start(broker[0], Integer.parseInt(broker[1])).blackhole(true)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(Oracle.DeadlineExceededException.class)
				.isThrownBy(() -> Oracle
					.compare(TestKafka.sourceBootstrap(), this.source, proxy.address(), this.destination)
					.deadline(Duration.ofSeconds(3))
					.check())
				.withMessageContaining(
						"deadline of 3000 ms passed while listing the partitions of " + this.destination);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		}
	}

	private Oracle oracle() {
		return Oracle.compare(TestKafka.sourceBootstrap(), this.source, TestKafka.destinationBootstrap(),
				this.destination);
	}

	/**
	 * Creates both topics and writes at least {@code records} acknowledged records to the
	 * source.
	 */
	private Map<Integer, AckedPartition> load(int records) {
		createTopic(TestKafka.sourceBootstrap(), this.source);
		createTopic(TestKafka.destinationBootstrap(), this.destination);
		try (AckedLoad load = AckedLoad.start(TestKafka.sourceBootstrap(), this.source, PARTITIONS, 3000, 100, 5)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= records);
			assertThat(load.stop(Duration.ofSeconds(60))).isTrue();
			assertThat(load.failed()).isZero();
			return load.acknowledgedRecords();
		}
	}

	/**
	 * Copies the source to the destination record by record (same partition, key, value,
	 * headers and timestamp), leaving out the records {@code skip} matches; returns the
	 * last source offset of each partition.
	 */
	private List<Long> copy(Predicate<ConsumerRecord<byte[], byte[]>> skip) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (int partition = 0; partition < PARTITIONS; partition++) {
			partitions.add(new TopicPartition(this.source, partition));
		}
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.sourceBootstrap(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
				KafkaProducer<byte[], byte[]> producer = producer(TestKafka.destinationBootstrap())) {
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (!skip.test(record)) {
						producer.send(new ProducerRecord<>(this.destination, record.partition(), record.timestamp(),
								record.key(), record.value(), record.headers()));
					}
				}
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= ends.get(partition));
			});
			producer.flush();
			return partitions.stream().map(ends::get).toList();
		}
	}

	private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static void createTopic(String bootstrap, String topic) {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
