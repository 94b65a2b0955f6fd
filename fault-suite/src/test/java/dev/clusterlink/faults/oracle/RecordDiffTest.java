package dev.clusterlink.faults.oracle;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two records at the same offset differ by the first of key, value, headers, timestamp.
 */
class RecordDiffTest {

	@Test
	void theSameRecordIsNoMismatch() {
		assertThat(RecordDiff.between(record("k", "v", 1, TimestampType.CREATE_TIME, "a", "b"),
				record("k", "v", 1, TimestampType.CREATE_TIME, "a", "b")))
			.isNull();
	}

	@Test
	void keyComesFirst() {
		Mismatch mismatch = RecordDiff.between(record("k1", "v", 1, TimestampType.CREATE_TIME),
				record("k2", "w", 2, TimestampType.CREATE_TIME));
		assertThat(mismatch.kind()).isEqualTo(Mismatch.Kind.KEY);
		assertThat(mismatch.description()).isEqualTo("source key \"k1\", destination key \"k2\"");
		assertThat(mismatch).hasToString("destination-4@7 KEY: source key \"k1\", destination key \"k2\"");
	}

	@Test
	void thenValueThenHeadersThenTimestamp() {
		assertThat(RecordDiff
			.between(record("k", "value", 1, TimestampType.CREATE_TIME),
					record("k", "valuE", 1, TimestampType.CREATE_TIME))
			.description()).startsWith("values differ from byte 4 (5 and 5 bytes)");
		assertThat(kind(record("k", "v", 1, TimestampType.CREATE_TIME, "a", "b"),
				record("k", "v", 1, TimestampType.CREATE_TIME, "b", "a")))
			.as("header order counts")
			.isEqualTo(Mismatch.Kind.HEADERS);
		assertThat(kind(record("k", "v", 1, TimestampType.CREATE_TIME, "a"),
				record("k", "v", 1, TimestampType.CREATE_TIME, "a", "b")))
			.isEqualTo(Mismatch.Kind.HEADERS);
		assertThat(kind(record("k", "v", 1, TimestampType.CREATE_TIME), record("k", "v", 2, TimestampType.CREATE_TIME)))
			.isEqualTo(Mismatch.Kind.TIMESTAMP);
		assertThat(kind(record("k", "v", 1, TimestampType.CREATE_TIME),
				record("k", "v", 1, TimestampType.LOG_APPEND_TIME)))
			.isEqualTo(Mismatch.Kind.TIMESTAMP);
	}

	@Test
	void nullKeysAndBinaryValuesAreShownReadably() {
		assertThat(
				kind(record(null, "v", 1, TimestampType.CREATE_TIME), record("k", "v", 1, TimestampType.CREATE_TIME)))
			.isEqualTo(Mismatch.Kind.KEY);
		assertThat(RecordDiff.show(null)).isEqualTo("null");
		assertThat(RecordDiff.show(new byte[] { 0, 1, (byte) 0xff })).isEqualTo("0x0001ff");
		assertThat(RecordDiff.show(new byte[40])).endsWith("…(40 bytes)");
	}

	private static Mismatch.Kind kind(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> copy) {
		return RecordDiff.between(source, copy).kind();
	}

	/** A record at destination-4@7; each header's key and value are the given text. */
	private static ConsumerRecord<byte[], byte[]> record(String key, String value, long timestamp, TimestampType type,
			String... headers) {
		RecordHeaders recordHeaders = new RecordHeaders();
		for (String header : headers) {
			recordHeaders.add(new RecordHeader(header, header.getBytes(StandardCharsets.UTF_8)));
		}
		return new ConsumerRecord<>("destination", 4, 7, timestamp, type, -1, -1,
				(key != null) ? key.getBytes(StandardCharsets.UTF_8) : null, value.getBytes(StandardCharsets.UTF_8),
				recordHeaders, Optional.empty());
	}

}
