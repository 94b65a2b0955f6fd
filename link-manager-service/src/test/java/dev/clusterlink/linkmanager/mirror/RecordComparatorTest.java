package dev.clusterlink.linkmanager.mirror;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordComparatorTest {

	private static final LongUnaryOperator IDENTICAL = RecordComparator.mapping(OffsetMap.identical(0), 100, 100);

	@Test
	void identicalCopiesMatchInOneRange() {
		List<ConsumerRecord<byte[], byte[]>> source = records(0, 10);
		PartitionReport report = compare(0, 10, IDENTICAL, source, records(0, 10));

		assertThat(report.status()).isEqualTo("MATCHED");
		assertThat(report.recordsCompared()).isEqualTo(10);
		assertThat(report.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(0, 9));
		assertThat(report.firstMismatch()).isNull();
	}

	@Test
	void eachFieldIsCompared() {
		ConsumerRecord<byte[], byte[]> base = record(5, "k", "v", 1000, TimestampType.CREATE_TIME, "h", "1");
		assertThat(
				RecordComparator.firstDifference(base, record(5, "k", "v", 1000, TimestampType.CREATE_TIME, "h", "1")))
			.isNull();
		assertThat(
				RecordComparator.firstDifference(base, record(5, "x", "v", 1000, TimestampType.CREATE_TIME, "h", "1")))
			.isEqualTo("key");
		assertThat(
				RecordComparator.firstDifference(base, record(5, "k", "x", 1000, TimestampType.CREATE_TIME, "h", "1")))
			.isEqualTo("value");
		assertThat(
				RecordComparator.firstDifference(base, record(5, "k", "v", 1000, TimestampType.CREATE_TIME, "h", "2")))
			.isEqualTo("headers");
		assertThat(RecordComparator.firstDifference(base,
				record(5, "k", "v", 1000, TimestampType.CREATE_TIME, null, null)))
			.isEqualTo("headers");
		assertThat(
				RecordComparator.firstDifference(base, record(5, "k", "v", 1001, TimestampType.CREATE_TIME, "h", "1")))
			.isEqualTo("timestamp");
		assertThat(RecordComparator.firstDifference(base,
				record(5, "k", "v", 1000, TimestampType.LOG_APPEND_TIME, "h", "1")))
			.isEqualTo("timestampType");
		// null keys equal null keys, not empty ones
		assertThat(RecordComparator.firstDifference(record(1, null, "v", 1, TimestampType.CREATE_TIME, null, null),
				record(1, "", "v", 1, TimestampType.CREATE_TIME, null, null)))
			.isEqualTo("key");
	}

	@Test
	void aDifferentRecordSplitsTheMatchedRanges() {
		List<ConsumerRecord<byte[], byte[]>> destination = records(0, 10);
		destination.set(4, record(4, "key-4", "changed", 4, TimestampType.CREATE_TIME, null, null));
		destination.set(7, record(7, "key-7", "changed", 7, TimestampType.CREATE_TIME, null, null));

		PartitionReport report = compare(0, 10, IDENTICAL, records(0, 10), destination);

		assertThat(report.status()).isEqualTo("MISMATCHED");
		assertThat(report.mismatchedRecords()).isEqualTo(2);
		assertThat(report.firstMismatch()).isEqualTo(new PartitionReport.Mismatch(4, 4, "value"));
		assertThat(report.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(0, 3),
				new PartitionReport.OffsetRange(5, 6), new PartitionReport.OffsetRange(8, 9));
		assertThat(report.missingOnDestination()).isZero();
	}

	@Test
	void missingAndExtraRecordsAreCountedWithTheirFirstOffsets() {
		// the destination lacks 3 and the tail 8, 9
		List<ConsumerRecord<byte[], byte[]>> destination = new ArrayList<>(records(0, 8));
		destination.remove(3);
		PartitionReport report = compare(0, 10, IDENTICAL, records(0, 10), destination);

		assertThat(report.status()).isEqualTo("MISMATCHED");
		assertThat(report.missingOnDestination()).isEqualTo(3);
		assertThat(report.firstMissingOffsets()).containsExactly(3L, 8L, 9L);
		assertThat(report.recordsCompared()).isEqualTo(10);
		assertThat(report.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(0, 2),
				new PartitionReport.OffsetRange(4, 7));

		// a destination record no source record maps to
		List<ConsumerRecord<byte[], byte[]>> source = new ArrayList<>(records(0, 6));
		source.remove(2); // compacted away on the source, but present on the destination
		PartitionReport extra = compare(0, 6, IDENTICAL, source, records(0, 6));
		assertThat(extra.extraOnDestination()).isEqualTo(1);
		assertThat(extra.firstExtraOffsets()).containsExactly(2L);
	}

	@Test
	void shiftedMapsSourceOffsetMinusTheDelta() {
		LongUnaryOperator shifted = RecordComparator.mapping(OffsetMap.shifted(100, 100), 110, 10);
		List<ConsumerRecord<byte[], byte[]>> source = records(100, 110);
		List<ConsumerRecord<byte[], byte[]>> destination = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : source) {
			destination.add(at(record, record.offset() - 100));
		}
		PartitionReport report = compare(100, 110, shifted, source, destination);
		assertThat(report.status()).isEqualTo("MATCHED");
		assertThat(report.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(100, 109));

		// the same copy read as IDENTICAL does not pair at all
		PartitionReport wrong = compare(100, 110, IDENTICAL, source, destination);
		assertThat(wrong.status()).isEqualTo("MISMATCHED");
		assertThat(wrong.extraOnDestination()).isEqualTo(10);
		assertThat(wrong.missingOnDestination()).isEqualTo(10);
	}

	@Test
	void translatedFollowsTheRunsAndCoalescesAcrossSourceGaps() {
		// source 0..4 -> 0..4; offsets 5, 6 are transaction markers/compacted; 7..9 ->
		// 5..7
		OffsetMap map = OffsetMap.translated(List.of(new OffsetSegment(0, 0, null), new OffsetSegment(7, 5, null)));
		LongUnaryOperator translated = RecordComparator.mapping(map, 10, 8);
		List<ConsumerRecord<byte[], byte[]>> source = new ArrayList<>(records(0, 10));
		source.remove(6);
		source.remove(5);
		List<ConsumerRecord<byte[], byte[]>> destination = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : source) {
			destination.add(at(record, (record.offset() < 5) ? record.offset() : record.offset() - 2));
		}
		PartitionReport report = compare(0, 10, translated, source, destination);
		assertThat(report.status()).isEqualTo("MATCHED");
		assertThat(report.recordsCompared()).isEqualTo(8);
		assertThat(report.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(0, 9));

		// a source record where the map has a gap has no copy: missing
		List<ConsumerRecord<byte[], byte[]>> withGapRecord = new ArrayList<>(source);
		withGapRecord.add(5, record(5, "key-5", "value-5", 5, TimestampType.CREATE_TIME, null, null));
		PartitionReport gap = compare(0, 10, translated, withGapRecord, destination);
		assertThat(gap.missingOnDestination()).isEqualTo(1);
		assertThat(gap.firstMissingOffsets()).containsExactly(5L);
		assertThat(gap.matchedRanges()).containsExactly(new PartitionReport.OffsetRange(0, 4),
				new PartitionReport.OffsetRange(7, 9));
	}

	@Test
	void matchedRangesAreBounded() {
		int n = 2 * RecordComparator.MAX_RANGES + 10;
		List<ConsumerRecord<byte[], byte[]>> destination = records(0, n);
		for (int i = 1; i < n; i += 2) {
			destination.set(i, record(i, "key-" + i, "changed", i, TimestampType.CREATE_TIME, null, null));
		}
		PartitionReport report = compare(0, n, IDENTICAL, records(0, n), destination);
		assertThat(report.matchedRanges()).hasSize(RecordComparator.MAX_RANGES);
		assertThat(report.matchedRangesTruncated()).isTrue();
		assertThat(report.mismatchedRecords()).isEqualTo(n / 2);
	}

	@Test
	void pacerHoldsTheRate() throws InterruptedException {
		RecordPacer pacer = new RecordPacer(1000);
		long start = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			pacer.acquire(100);
		}
		// 500 permits at 1000/s: the fifth batch waits for the first four (400 ms)
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(380);
	}

	private static PartitionReport compare(long from, long to, LongUnaryOperator mapping,
			List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> destination) {
		RecordComparator comparator = new RecordComparator(0, from, to, mapping);
		comparator.compare(source.iterator(), destination.iterator(), () -> {
		});
		return comparator.finish();
	}

	private static List<ConsumerRecord<byte[], byte[]>> records(long from, long to) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		for (long offset = from; offset < to; offset++) {
			records.add(record(offset, "key-" + offset, "value-" + offset, offset, TimestampType.CREATE_TIME, "trace",
					"t" + offset));
		}
		return records;
	}

	private static ConsumerRecord<byte[], byte[]> at(ConsumerRecord<byte[], byte[]> record, long offset) {
		return new ConsumerRecord<>("t", 0, offset, record.timestamp(), record.timestampType(), -1, -1, record.key(),
				record.value(), record.headers(), Optional.empty());
	}

	private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value, long timestamp,
			TimestampType type, String header, String headerValue) {
		RecordHeaders headers = new RecordHeaders();
		if (header != null) {
			headers.add(header, bytes(headerValue));
		}
		return new ConsumerRecord<>("t", 0, offset, timestamp, type, -1, -1, bytes(key), bytes(value), headers,
				Optional.empty());
	}

	private static byte[] bytes(String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
	}

}
