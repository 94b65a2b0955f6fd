package dev.clusterlink.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The limits of this machine for any client-side mirror: how fast a producer writes to
 * the destination, how fast a consumer reads the source, and how fast a plain
 * consumer→producer loop copies between them, all with the mirror worker's client
 * settings.
 */
final class Ceiling {

	private Ceiling() {
	}

	/**
	 * Produces {@code count} records round-robin over the partitions, as fast as it can.
	 */
	static Throughput produce(String bootstrap, String topic, int partitions, long count, Payloads payloads) {
		AtomicReference<Exception> failure = new AtomicReference<>();
		long start = System.nanoTime();
		try (KafkaProducer<byte[], byte[]> producer = Clients.workerLikeProducer(bootstrap)) {
			for (long i = 0; i < count; i++) {
				producer.send(new ProducerRecord<>(topic, (int) (i % partitions), Payloads.key(i), payloads.value(i)),
						(metadata, exception) -> {
							if (exception != null) {
								failure.compareAndSet(null, exception);
							}
						});
			}
			producer.flush();
		}
		long nanos = System.nanoTime() - start;
		if (failure.get() != null) {
			throw new IllegalStateException("producing to " + topic + " failed", failure.get());
		}
		return new Throughput(count, count * payloads.recordBytes(), nanos);
	}

	/** Reads every record of the partitions from the start. */
	static Throughput consume(String bootstrap, List<TopicPartition> partitions, long count) {
		long start = System.nanoTime();
		long records = 0;
		long bytes = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = Clients.workerLikeConsumer(bootstrap)) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (records < count) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					records++;
					bytes += record.serializedKeySize() + record.serializedValueSize();
				}
			}
		}
		return new Throughput(records, bytes, System.nanoTime() - start);
	}

	/**
	 * Copies every record of the source partitions to the same partitions of a
	 * destination topic: poll, send each record, until all are acknowledged.
	 */
	static Throughput copyLoop(String sourceBootstrap, List<TopicPartition> partitions, long count,
			String destinationBootstrap, String destinationTopic) {
		AtomicReference<Exception> failure = new AtomicReference<>();
		AtomicLong acknowledged = new AtomicLong();
		long start = System.nanoTime();
		long records = 0;
		long bytes = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = Clients.workerLikeConsumer(sourceBootstrap);
				KafkaProducer<byte[], byte[]> producer = Clients.workerLikeProducer(destinationBootstrap)) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (records < count) {
				ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
				for (ConsumerRecord<byte[], byte[]> record : polled) {
					if (records == count) {
						break; // the first count records only
					}
					records++;
					bytes += record.serializedKeySize() + record.serializedValueSize();
					producer.send(new ProducerRecord<>(destinationTopic, record.partition(), record.timestamp(),
							record.key(), record.value(), record.headers()), (metadata, exception) -> {
								if (exception != null) {
									failure.compareAndSet(null, exception);
								}
								else {
									acknowledged.incrementAndGet();
								}
							});
				}
			}
			producer.flush();
		}
		long nanos = System.nanoTime() - start;
		if (failure.get() != null || acknowledged.get() != count) {
			throw new IllegalStateException("the copy loop lost records", failure.get());
		}
		return new Throughput(records, bytes, nanos);
	}

}
