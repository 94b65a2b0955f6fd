package dev.clusterlink.mirrorworker.mirror;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * Which failed sends will not fix themselves: the destination refused the record for good
 * (too large, not authorized, invalid), so retrying would fail the same way. Every other
 * failure (a timeout waiting for metadata, an aborted producer, a network error) is
 * transient: the pipeline settles and resumes from the destination end offset.
 */
final class SendFailures {

	private SendFailures() {
	}

	/** The cause when a failure is permanent, else {@code null}. */
	static @Nullable String permanentCause(Throwable failure) {
		Throwable cause = (failure instanceof KafkaException && failure.getCause() != null
				&& !(failure instanceof AuthorizationException)) ? failure.getCause() : failure;
		if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
			return "the record is larger than the destination accepts (the mirror topic's max.message.bytes, or "
					+ "clusterlink.worker.producer.max-request-size)";
		}
		if (cause instanceof AuthorizationException) {
			return "the destination refuses the link's writes (" + cause.getMessage()
					+ "): grant the link's principal WRITE on the mirror topic";
		}
		if (cause instanceof InvalidRecordException || cause instanceof CorruptRecordException
				|| cause instanceof PolicyViolationException) {
			return "the destination rejects the record (" + cause.getMessage() + ")";
		}
		if (cause instanceof InvalidTopicException) {
			return "the destination rejects the topic (" + cause.getMessage() + ")";
		}
		return null;
	}

	/** Whether a failure says the destination topic or partition does not exist. */
	static boolean isUnknownTopic(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownTopicOrPartitionException) {
				return true;
			}
		}
		return false;
	}

	/** One line for a failure: its type and message. */
	static String describe(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

}
