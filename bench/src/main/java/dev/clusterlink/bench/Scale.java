package dev.clusterlink.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Many partitions on one worker: {@code topics × partitions} mirrors created at once; the
 * time until all are ACTIVE, the worker's heap and idle CPU, and the time for lag to
 * reach 0 after a burst of records spread over every partition.
 *
 * @param partitions partitions mirrored
 * @param toAllActiveNanos from the first create request until every mirror is ACTIVE
 * @param heapUsedMaxBytes the most heap in use seen during the phase
 * @param heapMaxBytes the heap limit of the worker
 * @param idleCpuCores average CPU use of the worker while nothing is produced
 * @param idleCompilerCpuCores the part of it the JIT compiler threads used
 * @param burst the burst: records and bytes produced, and how long producing took
 * @param lagZeroAfterBurstNanos from the end of the burst until the destination has all
 * of it
 */
record Scale(int partitions, long toAllActiveNanos, long heapUsedMaxBytes, long heapMaxBytes, double idleCpuCores,
		double idleCompilerCpuCores, Throughput burst, long lagZeroAfterBurstNanos) {

	static Scale measure(BenchStack stack, int topicCount, int partitionsPerTopic, int burstPerPartition,
			Payloads payloads, Duration idle, Consumer<String> startProfile, Consumer<String> stopProfile) {
		WorkerProcess worker = new WorkerProcess(stack.workerPid(), stack.workerUrl());
		List<String> topics = new ArrayList<>();
		for (int t = 0; t < topicCount; t++) {
			topics.add(String.format("scale-%03d", t));
		}
		stack.source().createTopics(topics, partitionsPerTopic);
		HeapWatch heap = HeapWatch.start(worker);
		try {
			long start = System.nanoTime();
			topics.forEach(stack::mirror);
			while (stack.mirrorsIn("ACTIVE") < topicCount) {
				BenchStack.sleep(Duration.ofMillis(500));
			}
			long toAllActive = System.nanoTime() - start;
			// settle (setup traffic, first status and config sync rounds), then measure
			// an
			// idle worker, without heap samples: a Prometheus scrape is work it would not
			// do
			BenchStack.sleep(Duration.ofSeconds(30));
			heap.pause(true);
			startProfile.accept("scale-idle");
			WorkerProcess.CpuUse idleCpu = worker.cpuCoresOver(idle);
			stopProfile.accept("scale-idle");
			heap.pause(false);

			List<TopicPartition> all = new ArrayList<>();
			topics.forEach((topic) -> all.addAll(Cluster.partitions(topic, partitionsPerTopic)));
			Throughput burst = burst(stack.source().bootstrap(), all, burstPerPartition, payloads);
			long burstEnd = System.nanoTime();
			long target = (long) all.size() * burstPerPartition;
			while (stack.destination().endOffsetSumOrZero(all) < target) {
				BenchStack.sleep(Duration.ofMillis(100));
				if (System.nanoTime() - burstEnd > Duration.ofMinutes(5).toNanos()) {
					throw new IllegalStateException("lag did not reach 0 within 5 minutes of the burst");
				}
			}
			long lagZero = System.nanoTime() - burstEnd;
			return new Scale(all.size(), toAllActive, heap.stop(), worker.heapMaxBytes(), idleCpu.cores(),
					idleCpu.compilerCores(), burst, lagZero);
		}
		finally {
			heap.stop();
		}
	}

	private static Throughput burst(String bootstrap, List<TopicPartition> partitions, int perPartition,
			Payloads payloads) {
		AtomicReference<Exception> failure = new AtomicReference<>();
		AtomicLong sequence = new AtomicLong();
		long start = System.nanoTime();
		try (KafkaProducer<byte[], byte[]> producer = Clients.applicationProducer(bootstrap, 5)) {
			for (int round = 0; round < perPartition; round++) {
				for (TopicPartition tp : partitions) {
					long i = sequence.getAndIncrement();
					producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), Payloads.key(i), payloads.value(i)),
							(metadata, exception) -> {
								if (exception != null) {
									failure.compareAndSet(null, exception);
								}
							});
				}
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("the burst failed", failure.get());
		}
		long count = (long) partitions.size() * perPartition;
		return new Throughput(count, count * payloads.recordBytes(), System.nanoTime() - start);
	}

	/**
	 * Samples the worker's heap in use every second, unless paused; keeps the largest
	 * value.
	 */
	private static final class HeapWatch {

		private final Thread thread;

		private final AtomicLong max = new AtomicLong();

		private volatile boolean running = true;

		private volatile boolean paused;

		private HeapWatch(WorkerProcess worker) {
			this.thread = Thread.ofPlatform().daemon().name("heap-watch").start(() -> {
				while (this.running) {
					try {
						if (!this.paused) {
							this.max.accumulateAndGet(worker.heapUsedBytes(), Math::max);
						}
					}
					catch (RuntimeException ex) {
						// a missed sample
					}
					BenchStack.sleep(Duration.ofSeconds(1));
				}
			});
		}

		static HeapWatch start(WorkerProcess worker) {
			return new HeapWatch(worker);
		}

		void pause(boolean paused) {
			this.paused = paused;
		}

		long stop() {
			this.running = false;
			return this.max.get();
		}

	}

}
