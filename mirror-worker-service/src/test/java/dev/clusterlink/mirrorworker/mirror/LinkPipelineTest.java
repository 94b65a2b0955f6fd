package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.TestLeases;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copy loop on Kafka's mocks: records go to the same partition at the expected
 * offsets, a failed send aborts the producer and halts only its partition, and a loop
 * whose clients cannot be created retries and recovers.
 */
class LinkPipelineTest {

	private static final String TOPIC = "orders";

	private final Clients clients = new Clients();

	private final List<PartitionMirror> halted = new CopyOnWriteArrayList<>();

	private final MirrorMetrics metrics = new MirrorMetrics(new SimpleMeterRegistry());

	private final AtomicInteger outOfRangeCalls = new AtomicInteger();

	private final AtomicInteger outOfRangeFailures = new AtomicInteger();

	private LinkPipeline pipeline;

	@AfterEach
	void close() {
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	@Test
	void recordsGoToTheSamePartitionAtTheExpectedOffsets() {
		PartitionMirror p0 = partition(0);
		PartitionMirror p1 = partition(1);
		start(p0, p1);
		for (int i = 0; i < 5; i++) {
			this.clients.record(0, i);
			this.clients.record(1, i);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.acknowledgeAll() >= 10 && acked(p0) == 5);
		await().atMost(Duration.ofSeconds(10)).until(() -> acked(p1) == 5);
		assertThat(this.clients.sent(0)).extracting((record) -> new String(record.value()))
			.containsExactly("0-0", "0-1", "0-2", "0-3", "0-4");
		assertThat(p0.halted()).isNull();
		assertThat(p0.mirroredOffset()).isEqualTo(5);
	}

	@Test
	void aRecordTooLargeHaltsItsPartitionOnlyAndTheOthersResumeWithANewProducer() {
		PartitionMirror p0 = partition(0);
		PartitionMirror p1 = partition(1);
		start(p0, p1);
		this.clients.record(0, 0);
		this.clients.record(1, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.pending() == 2);
		MockProducer<byte[], byte[]> first = this.clients.producers.get(0);
		assertThat(first.errorNext(new RecordTooLargeException("too large"))).isTrue(); // p0's
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.halted.isEmpty());
		assertThat(p0.halted().state()).isEqualTo(MirrorState.FAILED);
		assertThat(p0.halted().reason()).contains("source offset 0").contains("larger than the destination accepts");
		assertThat(first.closed()).as("the producer is given up at once").isTrue();

		// p1's record had an unknown outcome: it settles, then goes on with a new
		// producer from the destination end offset
		this.clients.destinationEnd(1, 0); // it never reached the destination
		this.clients.record(1, 0); // the source still has it
		this.clients.record(1, 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.clients.producers.size() >= 2);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.clients.acknowledgeAll() >= 0 && acked(p1) == 2);
		assertThat(this.clients.sent(1)).extracting((record) -> new String(record.value()))
			.as("p1 from the destination end: record 0 again, then 1")
			.containsSubsequence("1-0", "1-1");
		assertThat(this.clients.sent(0)).as("nothing more of p0").hasSize(1);
		assertThat(p0.halted()).isNotNull();
	}

	@Test
	void aLoopWhoseClientsCannotBeCreatedRetriesWithBackoffAndRecovers() {
		this.clients.consumerFailures.set(3);
		PartitionMirror p0 = partition(0);
		start(p0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pipeline.lastFailure() != null);
		assertThat(this.pipeline.lastFailure()).contains("no consumer today");
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.clients.acknowledgeAll() >= 0 && acked(p0) == 1);
		assertThat(this.pipeline.lastFailure()).isNull();
		assertThat(this.clients.consumerAttempts.get()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void aFailureWhileHandlingAnOutOfRangeOffsetIsRetriedAndTheLoopGoesOn() {
		PartitionMirror p0 = partition(0);
		start(p0);
		this.outOfRangeFailures.set(1);
		this.clients.consumer.setPollException(new org.apache.kafka.clients.consumer.OffsetOutOfRangeException(
				Map.of(new TopicPartition(TOPIC, 0), 0L)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.outOfRangeCalls.get() >= 1);
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> acked(p0) == 1);
		assertThat(this.pipeline.lastFailure()).isNull();
		assertThat(this.metrics).isNotNull();
	}

	@Test
	void aPausedMirrorFetchesNothingAndResumesExactlyWhereItStopped() {
		PartitionMirror p0 = partition(0);
		start(p0);
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> acked(p0) == 1);
		this.pipeline.pause(p0.mirrorId, true);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.clients.consumer.paused().isEmpty());
		this.clients.record(0, 1);
		this.clients.record(0, 2);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.clients.sent(0).size() == 1);
		this.pipeline.pause(p0.mirrorId, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> acked(p0) == 3);
		assertThat(this.clients.sent(0)).extracting((record) -> new String(record.value()))
			.as("resumed from the next offset: nothing skipped, nothing twice")
			.containsExactly("0-0", "0-1", "0-2");
	}

	@Test
	void aPartitionWhoseLeaseCannotSendHandsOverNothing() {
		PartitionMirror p0 = partition(0);
		start(p0);
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> acked(p0) == 1);
		TestLeases.lose(p0.lease);
		this.clients.record(0, 1);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.clients.sent(0).size() == 1);
		assertThat(p0.nextDestination()).as("nothing claimed after the lease was lost").isEqualTo(1);
	}

	@Test
	void aDivergentAcknowledgementHaltsItsPartitionAbortsTheProducerAndIsReportedOnce() {
		PartitionMirror p0 = partition(0);
		this.clients.destinationEnd(0, 5); // the pipeline expects offset 5; the mock
											// producer's log starts at 0
		this.clients.consumer.updateBeginningOffsets(Map.of(new TopicPartition(TOPIC, 0), 5L));
		start(p0);
		this.clients.record(0, 5);
		this.clients.record(0, 6);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.clients.acknowledgeAll() >= 0 && !this.halted.isEmpty());
		assertThat(p0.halted().state()).isEqualTo(MirrorState.OFFSET_DIVERGED);
		assertThat(p0.halted().reason()).contains("expected at destination offset 5 but the broker assigned 0");
		assertThat(this.clients.producers.get(0).closed()).as("the producer is given up at once").isTrue();
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> this.halted.size() == 1);
		assertThat(this.halted).containsExactly(p0);
	}

	@Test
	void aClosedSendWindowAbortsTheProducerAndThePartitionSettlesThenGoesOnFromTheDestinationEnd() {
		PartitionMirror p0 = partition(0);
		start(p0);
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.pending() == 1);
		this.pipeline.fence(p0.mirrorId); // its outcome is unknown: it never landed
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.producers.get(0).closed());
		this.clients.record(0, 0); // the source still has both
		this.clients.record(0, 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.clients.producers.size() >= 2 && this.clients.acknowledgeAll() >= 0 && acked(p0) == 2);
		assertThat(this.clients.sent(0)).extracting((record) -> new String(record.value()))
			.as("after the settle, copying goes on at the destination end (0): record 0 again, then 1")
			.containsExactly("0-0", "0-0", "0-1");
		assertThat(this.clients.producers.get(0).closed()).isTrue();
		assertThat(p0.halted()).isNull();
	}

	@Test
	void removingAMirrorWaitsForItsInFlightRecordsAndAbortsAfterTheDrainTimeout() throws Exception {
		PartitionMirror p0 = partition(0);
		start(p0);
		this.clients.record(0, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.pending() == 1);
		java.util.concurrent.CompletableFuture<Boolean> removed = this.pipeline.remove(p0.mirrorId);
		assertThat(removed).isNotDone();
		this.clients.acknowledgeAll();
		assertThat(removed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("drained: every record acknowledged")
			.isTrue();
		assertThat(this.pipeline.partitionsOf(p0.mirrorId)).isEmpty();

		PartitionMirror again = partition(0);
		this.pipeline.add(List.of(again));
		this.clients.destinationEnd(0, 1);
		this.clients.record(0, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.clients.pending() == 2);
		assertThat(this.pipeline.remove(again.mirrorId).get(10, java.util.concurrent.TimeUnit.SECONDS))
			.as("never acknowledged: aborted after drain-timeout, outcome unknown")
			.isFalse();
	}

	private long acked(PartitionMirror pm) {
		this.clients.acknowledgeAll();
		return pm.acknowledgedDestination();
	}

	private void start(PartitionMirror... partitions) {
		ClusterConnection source = new ClusterConnection("source", "source:9092", Map.of());
		ClusterConnection destination = new ClusterConnection("destination", "destination:9092", Map.of());
		this.pipeline = new LinkPipeline("link", source, destination, this.clients, properties(), new NoStore(),
				this.metrics, new LinkPipeline.Events() {
					@Override
					public void halted(PartitionMirror partition) {
						LinkPipelineTest.this.halted.add(partition);
					}

					@Override
					public void outOfRange(PartitionMirror partition, long fetchOffset, long sourceStart,
							long sourceEnd, LongConsumer skipTo) {
						LinkPipelineTest.this.outOfRangeCalls.incrementAndGet();
						if (LinkPipelineTest.this.outOfRangeFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
							throw new IllegalStateException("the source topic could not be described");
						}
					}
				});
		this.pipeline.start();
		this.pipeline.add(List.of(partitions));
	}

	private static PartitionMirror partition(int partition) {
		UUID mirror = new UUID(0, 1);
		return new PartitionMirror(mirror, "link", TOPIC, new TopicPartition(TOPIC, partition),
				new TopicPartition(TOPIC, partition), TestLeases.held(mirror, Duration.ofMinutes(5), true),
				OffsetMap.identical(0));
	}

	static WorkerProperties properties() {
		return new WorkerProperties("test", Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5),
				Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(30),
				Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(50), (short) -1,
				new WorkerProperties.Consumer(Duration.ofMillis(100), DataSize.ofMegabytes(1), DataSize.ofMegabytes(8),
						1000, DataSize.ofKilobytes(64)),
				new WorkerProperties.Producer(Duration.ZERO, DataSize.ofKilobytes(16), "none", DataSize.ofMegabytes(1),
						DataSize.ofMegabytes(32), DataSize.ofMegabytes(16), Duration.ofSeconds(30),
						Duration.ofSeconds(5)));
	}

	/** The offset store, without a database: runs are kept nowhere. */
	private static final class NoStore extends PartitionStore {

		NoStore() {
			super(null, properties());
		}

		@Override
		void appendRuns(dev.clusterlink.mirrorworker.ownership.Lease lease, int partition, OffsetMap before,
				List<OffsetSegment> runs) {
		}

		@Override
		void trimRuns(dev.clusterlink.mirrorworker.ownership.Lease lease, int partition, long destinationEnd) {
		}

	}

	/**
	 * Kafka's mocks behind the pipeline's clients; the destination is the producers' log.
	 */
	private static final class Clients implements PipelineClients {

		final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");

		final MockAdminClient admin = new MockAdminClient(List.of(new Node(0, "destination", 9092)),
				new Node(0, "destination", 9092));

		final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();

		final AtomicInteger consumerFailures = new AtomicInteger();

		final AtomicInteger consumerAttempts = new AtomicInteger();

		/**
		 * What each destination partition holds, as the mock producers acknowledged it.
		 */
		final Map<Integer, List<ProducerRecord<byte[], byte[]>>> log = new HashMap<>();

		Clients() {
			Node node = new Node(0, "destination", 9092);
			this.admin.addTopic(false, TOPIC, List.of(new TopicPartitionInfo(0, node, List.of(node), List.of(node)),
					new TopicPartitionInfo(1, node, List.of(node), List.of(node))), Map.of());
			Map<TopicPartition, Long> zero = Map.of(new TopicPartition(TOPIC, 0), 0L, new TopicPartition(TOPIC, 1), 0L);
			this.admin.updateBeginningOffsets(zero);
			this.admin.updateEndOffsets(zero);
			this.consumer.updateBeginningOffsets(zero);
			this.consumer.updateEndOffsets(zero);
		}

		void record(int partition, long offset) {
			this.consumer.schedulePollTask(() -> this.consumer.addRecord(new ConsumerRecord<>(TOPIC, partition, offset,
					("k" + offset).getBytes(), (partition + "-" + offset).getBytes())));
		}

		void destinationEnd(int partition, long end) {
			this.admin.updateEndOffsets(Map.of(new TopicPartition(TOPIC, partition), end));
		}

		/** Acknowledges everything sent so far; returns how many. */
		synchronized int acknowledgeAll() {
			int acknowledged = 0;
			for (MockProducer<byte[], byte[]> producer : this.producers) {
				if (!producer.closed()) {
					while (producer.completeNext()) {
						acknowledged++;
					}
				}
			}
			return acknowledged;
		}

		int pending() {
			return this.producers.stream().mapToInt((producer) -> producer.history().size()).sum();
		}

		List<ProducerRecord<byte[], byte[]>> sent(int partition) {
			List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
			this.producers.forEach((producer) -> producer.history()
				.stream()
				.filter((record) -> record.partition() == partition)
				.forEach(sent::add));
			return sent;
		}

		@Override
		public Consumer<byte[], byte[]> sourceConsumer() {
			this.consumerAttempts.incrementAndGet();
			if (this.consumerFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new KafkaException("no consumer today");
			}
			return this.consumer;
		}

		@Override
		public Producer<byte[], byte[]> destinationProducer() {
			MockProducer<byte[], byte[]> producer = new AbortingProducer();
			this.producers.add(producer);
			return producer;
		}

		@Override
		public Admin destinationAdmin() {
			return this.admin;
		}

		@Override
		public @Nullable Halt checkTail(PartitionMirror partition, long destinationEnd, long destinationStart) {
			return null;
		}

	}

	/** Fails its incomplete sends when closed, as KafkaProducer's forced close does. */
	private static final class AbortingProducer extends MockProducer<byte[], byte[]> {

		private static final Node NODE = new Node(0, "destination", 9092);

		AbortingProducer() {
			// a cluster that knows the partitions: the mock counts offsets per partition
			super(new Cluster("destination", List.of(NODE),
					List.of(new PartitionInfo(TOPIC, 0, NODE, new Node[] { NODE }, new Node[] { NODE }),
							new PartitionInfo(TOPIC, 1, NODE, new Node[] { NODE }, new Node[] { NODE })),
					java.util.Set.of(), java.util.Set.of()), false, null, new ByteArraySerializer(),
					new ByteArraySerializer());
		}

		@Override
		public void close(Duration timeout) {
			super.close(timeout);
			while (errorNext(new KafkaException("Producer is closed forcefully."))) {
				// every incomplete send fails
			}
		}

	}

}
