package dev.clusterlink.mirrorworker.mirror;

import java.util.Set;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendFailuresTest {

	@Test
	void refusalsThatRetryingCannotFixArePermanent() {
		assertThat(SendFailures.permanentCause(new RecordTooLargeException("too big"))).contains("larger");
		assertThat(SendFailures.permanentCause(new TopicAuthorizationException(Set.of("orders")))).contains("WRITE");
		assertThat(SendFailures.permanentCause(new org.apache.kafka.common.InvalidRecordException("no key")))
			.contains("no key");
	}

	@Test
	void everythingElseIsTransient() {
		assertThat(SendFailures.permanentCause(new TimeoutException("metadata"))).isNull();
		assertThat(SendFailures.permanentCause(new KafkaException("Producer is closed forcefully."))).isNull();
		assertThat(SendFailures.permanentCause(new NetworkException("reset"))).isNull();
		assertThat(SendFailures.permanentCause(new OutOfOrderSequenceException("gap"))).isNull();
	}

	@Test
	void aMissingTopicIsRecognisedThroughWrappers() {
		assertThat(SendFailures.isUnknownTopic(new KafkaException(new UnknownTopicOrPartitionException("gone"))))
			.isTrue();
		assertThat(SendFailures.isUnknownTopic(new TimeoutException("slow"))).isFalse();
	}

}
