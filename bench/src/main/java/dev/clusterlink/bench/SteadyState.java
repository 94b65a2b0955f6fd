package dev.clusterlink.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Records produced at a fixed rate to a mirrored topic; the latency from each record's
 * timestamp (set by the producer when it sends) to its arrival at a consumer of the
 * destination. A consumer of the source measures the same for the direct path at the same
 * time: the floor that any mirror adds its own latency to.
 *
 * @param mirrored latencies source producer → destination consumer
 * @param direct latencies source producer → source consumer
 * @param rate the rate achieved, records per second
 */
record SteadyState(Latencies mirrored, Latencies direct, double rate) {

	static SteadyState measure(BenchStack stack, String topic, int partitions, int perSecond, Payloads payloads,
			Duration warmUp, Duration measured) {
		List<TopicPartition> tps = Cluster.partitions(topic, partitions);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicBoolean measuring = new AtomicBoolean(false);
		Latencies mirrored = new Latencies();
		Latencies direct = new Latencies();
		Thread destination = probe(stack.destination().bootstrap(), tps, running, measuring, mirrored);
		Thread source = probe(stack.source().bootstrap(), tps, running, measuring, direct);
		AtomicReference<Exception> failure = new AtomicReference<>();
		long sent = 0;
		long measureFrom;
		long measureUntil;
		try (KafkaProducer<byte[], byte[]> producer = Clients.applicationProducer(stack.source().bootstrap(), 1)) {
			long start = System.nanoTime();
			measureFrom = start + warmUp.toNanos();
			measureUntil = measureFrom + measured.toNanos();
			long interval = 1_000_000_000L / perSecond;
			while (true) {
				long due = start + sent * interval;
				long now = System.nanoTime();
				if (due > measureUntil) {
					break;
				}
				if (due > now) {
					LockSupport.parkNanos(due - now);
				}
				measuring.set(System.nanoTime() >= measureFrom);
				producer.send(new ProducerRecord<>(topic, (int) (sent % partitions), System.currentTimeMillis(),
						Payloads.key(sent), payloads.value(sent)), (metadata, exception) -> {
							if (exception != null) {
								failure.compareAndSet(null, exception);
							}
						});
				sent++;
			}
			producer.flush();
		}
		// let the last records arrive, then stop the probes
		BenchStack.sleep(Duration.ofSeconds(2));
		measuring.set(false);
		running.set(false);
		join(destination);
		join(source);
		if (failure.get() != null) {
			throw new IllegalStateException("producing at a fixed rate failed", failure.get());
		}
		double rate = sent / ((measureUntil - measureFrom + warmUp.toNanos()) / 1e9);
		return new SteadyState(mirrored, direct, rate);
	}

	private static Thread probe(String bootstrap, List<TopicPartition> partitions, AtomicBoolean running,
			AtomicBoolean measuring, Latencies latencies) {
		KafkaConsumer<byte[], byte[]> consumer = Clients.eagerConsumer(bootstrap);
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		return Thread.ofPlatform().name("latency-" + bootstrap).start(() -> {
			try (consumer) {
				while (running.get()) {
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
						long latency = System.currentTimeMillis() - record.timestamp();
						if (measuring.get()) {
							latencies.add(latency);
						}
					}
				}
			}
		});
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
