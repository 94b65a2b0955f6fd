package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.clusterlink.kafka.KafkaErrors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What a link pipeline reads from the destination with its Admin client: the offsets its
 * partitions are positioned from, and whether a mirror topic still exists. Copy thread
 * only (the pipeline's Admin client is its own).
 */
final class DestinationReads {

	private DestinationReads() {
	}

	/**
	 * Destination offsets of partitions. A partition whose topic is gone from the
	 * destination is handed to {@code gone} (the pipeline halts it in FAILED); any other
	 * failure is thrown (the loop backs off), after forgetting the partitions' settle
	 * observations: a settle needs a destination that answers throughout.
	 */
	static Map<TopicPartition, Long> offsets(Admin admin, Collection<PartitionMirror> targets, OffsetSpec spec,
			Duration timeout, Consumer<PartitionMirror> gone) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		targets.forEach((pm) -> request.put(pm.destination, spec));
		ListOffsetsResult result = admin.listOffsets(request);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		RuntimeException failure = null;
		for (PartitionMirror pm : targets) {
			try {
				offsets.put(pm.destination,
						result.partitionResult(pm.destination).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				if (SendFailures.isUnknownTopic(cause)
						&& topic(admin, pm.destination.topic(), timeout) == TopicCheck.GONE) {
					gone.accept(pm);
				}
				else if (failure == null) {
					failure = new IllegalStateException(
							"reading destination offsets failed: " + KafkaErrors.describe(cause, List.of()), cause);
				}
			}
		}
		if (failure != null) {
			targets.forEach(PartitionMirror::resetSettle);
			throw failure;
		}
		return offsets;
	}

	/** Whether a topic exists on the destination, as far as the destination answers. */
	static TopicCheck topic(Admin admin, String topic, Duration timeout) {
		try {
			admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return TopicCheck.PRESENT;
		}
		catch (ExecutionException ex) {
			return SendFailures.isUnknownTopic(ex.getCause()) ? TopicCheck.GONE : TopicCheck.NO_ANSWER;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return TopicCheck.NO_ANSWER;
		}
		catch (TimeoutException ex) {
			return TopicCheck.NO_ANSWER;
		}
	}

	/** What the destination says about a topic. */
	enum TopicCheck {

		PRESENT, GONE, NO_ANSWER

	}

}
