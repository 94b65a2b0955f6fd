package dev.clusterlink.mirrorworker.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A steady producer to source topics on a thread of its own, until stopped: records keyed
 * by partition and sequence, values carrying the sequence.
 */
public final class Load implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong sent = new AtomicLong();

	private final Thread thread;

	private Load(String bootstrap, List<String> topics, int partitions, int perSecond) {
		this.thread = new Thread(() -> {
			try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(bootstrap, "lz4")) {
				long sequence = 0;
				long start = System.nanoTime();
				while (this.running.get()) {
					for (String topic : topics) {
						int partition = (int) (sequence % partitions);
						producer.send(new ProducerRecord<>(topic, partition, System.currentTimeMillis(),
								("p" + partition + "-" + sequence).getBytes(StandardCharsets.UTF_8),
								("value-" + sequence).getBytes(StandardCharsets.UTF_8)));
					}
					sequence++;
					this.sent.incrementAndGet();
					long due = start + sequence * 1_000_000_000L / perSecond;
					long wait = due - System.nanoTime();
					if (wait > 0) {
						java.util.concurrent.locks.LockSupport.parkNanos(wait);
					}
				}
				producer.flush();
			}
		}, "test-load");
		this.thread.setDaemon(true);
	}

	/** Starts producing {@code perSecond} records per second to each topic. */
	public static Load start(String bootstrap, List<String> topics, int partitions, int perSecond) {
		Load load = new Load(bootstrap, topics, partitions, perSecond);
		load.thread.start();
		return load;
	}

	public long sent() {
		return this.sent.get();
	}

	/** Stops and waits until every record sent is acknowledged. */
	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(60_000);
	}

}
