package dev.clusterlink.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;

/** A consumer group member as the offset tests play it: process, commit, repeat. */
public final class TestConsumers {

	private TestConsumers() {
	}

	/**
	 * Processes records until {@code total} are processed, committing after each.
	 * @param wait how long to keep polling
	 * @param consumer a subscribed consumer
	 * @param into the processed records, in order
	 * @param total how many to process
	 */
	public static void consumeCommitting(ConditionFactory wait, KafkaConsumer<byte[], byte[]> consumer,
			List<ConsumerRecord<byte[], byte[]>> into, int total) {
		wait.until(() -> {
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
				if (into.size() < total) {
					into.add(record);
					consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
							new OffsetAndMetadata(record.offset() + 1)));
				}
			}
			return into.size() >= total;
		});
	}

}
