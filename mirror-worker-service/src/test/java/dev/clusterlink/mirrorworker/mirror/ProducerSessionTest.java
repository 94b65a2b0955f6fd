package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerSessionTest {

	@Test
	void theFirstAbortClosesTheProducerAtOnceAndLaterOnesChangeNothing() {
		MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
				new ByteArraySerializer());
		ProducerSession session = new ProducerSession(producer);
		assertThat(session.abort("a send failed")).isTrue();
		assertThat(producer.closed()).isTrue();
		assertThat(session.abort("the lease expired")).isFalse();
		assertThat(session.abortReason()).isEqualTo("a send failed");
		assertThat(session.isAborted()).isTrue();
	}

	@Test
	void awaitClosedReturnsOnceEveryCallbackHasRun() throws Exception {
		MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
				new ByteArraySerializer());
		ProducerSession session = new ProducerSession(producer);
		List<Exception> outcomes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			session.send(new ProducerRecord<>("t", 0, null, new byte[1]), (metadata, failure) -> outcomes.add(failure));
		}
		assertThat(session.awaitClosed("test", Duration.ofMillis(50))).as("callbacks still missing").isFalse();
		Thread completer = Thread.ofPlatform().start(() -> {
			producer.completeNext();
			producer.errorNext(new RuntimeException("aborted"));
			producer.errorNext(new RuntimeException("aborted"));
		});
		assertThat(session.awaitClosed("test", Duration.ofSeconds(10))).isTrue();
		completer.join();
		assertThat(outcomes).hasSize(3);
	}

	@Test
	void aRecordTheProducerRefusesAtOnceIsNotOutstanding() {
		MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
				new ByteArraySerializer());
		ProducerSession session = new ProducerSession(producer);
		producer.close();
		assertThatThrownBy(() -> session.send(new ProducerRecord<>("t", 0, null, new byte[1]), (m, f) -> {
		})).isInstanceOf(IllegalStateException.class);
		assertThat(session.awaitClosed("test", Duration.ofMillis(10))).isTrue();
	}

}
