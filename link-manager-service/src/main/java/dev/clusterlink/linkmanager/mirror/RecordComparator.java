package dev.clusterlink.linkmanager.mirror;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongUnaryOperator;

import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.Translation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The comparison core of a mirror verification, for one partition: a merge of the source
 * records and the destination records, both in offset order, by the destination offset
 * each source record maps to. Equal offsets are a pair whose fields must be equal; a
 * source record whose offset is passed is missing on the destination, a destination
 * record that no source record maps to is extra. Memory is bounded: only counters, the
 * first few offsets and at most {@value #MAX_RANGES} matched ranges are kept, never the
 * records. Not thread-safe; {@link #report} may be read between records.
 */
final class RecordComparator {

	/** Matched ranges kept per partition. */
	static final int MAX_RANGES = 100;

	/** Offsets of missing and extra records kept per partition. */
	static final int FIRST_OFFSETS = 10;

	/** Returned by a mapping for a source offset that has no destination offset. */
	static final long UNMAPPED = -1;

	private final int partition;

	private final long fromOffset;

	private final long toOffset;

	private final LongUnaryOperator mapping;

	private long compared;

	private final List<PartitionReport.OffsetRange> ranges = new ArrayList<>();

	private boolean rangesTruncated;

	private long openFrom = -1;

	private long openTo = -1;

	private long mismatched;

	private PartitionReport.@Nullable Mismatch firstMismatch;

	private long missing;

	private final List<Long> firstMissing = new ArrayList<>();

	private long extra;

	private final List<Long> firstExtra = new ArrayList<>();

	private long lastSourceOffset = -1;

	/**
	 * @param partition the partition
	 * @param fromOffset the first source offset of the range
	 * @param toOffset the end of the range (exclusive)
	 * @param mapping source offset to the destination offset of its copy, or
	 * {@link #UNMAPPED}
	 */
	RecordComparator(int partition, long fromOffset, long toOffset, LongUnaryOperator mapping) {
		this.partition = partition;
		this.fromOffset = fromOffset;
		this.toOffset = toOffset;
		this.mapping = mapping;
	}

	/**
	 * The mapping of an offset map, as the translate endpoint uses it: IDENTICAL is
	 * {@code o}, SHIFTED {@code o - delta}, TRANSLATED the run holding {@code o} (a
	 * source offset in a gap of the map has no copy).
	 * @param map the partition's offset map
	 * @param mirroredOffset the next source offset the mirror copies
	 * @param destinationEnd the destination end offset that ends the last run
	 * @return the mapping
	 */
	static LongUnaryOperator mapping(OffsetMap map, long mirroredOffset, long destinationEnd) {
		return switch (map.mode()) {
			case IDENTICAL, SHIFTED -> (offset) -> offset - map.delta();
			case TRANSLATED ->
				(offset) -> (map.translate(offset, mirroredOffset, destinationEnd) instanceof Translation.Exact exact)
						? exact.destinationOffset() : UNMAPPED;
		};
	}

	/**
	 * Compares two streams to their ends.
	 * @param source the source records of the range, in offset order
	 * @param destination the destination records from the copy of the range's first
	 * record up to the copy of its last, in offset order
	 * @param tick called after every record consumed (progress, pacing, cancellation)
	 */
	void compare(Iterator<ConsumerRecord<byte[], byte[]>> source, Iterator<ConsumerRecord<byte[], byte[]>> destination,
			Runnable tick) {
		ConsumerRecord<byte[], byte[]> s = next(source);
		ConsumerRecord<byte[], byte[]> d = next(destination);
		while (s != null || d != null) {
			if (s == null) {
				extra(d.offset());
				d = next(destination);
			}
			else {
				long expected = this.mapping.applyAsLong(s.offset());
				if (expected == UNMAPPED || d == null || expected < d.offset()) {
					missing(s.offset());
					s = next(source);
				}
				else if (d.offset() < expected) {
					extra(d.offset());
					d = next(destination);
				}
				else {
					pair(s, d);
					s = next(source);
					d = next(destination);
				}
			}
			tick.run();
		}
		closeRange();
	}

	/**
	 * The first field in which a copy differs from its source record.
	 * @param source the source record
	 * @param copy the destination record
	 * @return key, value, headers, timestamp or timestampType; {@code null} when equal
	 */
	static @Nullable String firstDifference(ConsumerRecord<byte[], byte[]> source,
			ConsumerRecord<byte[], byte[]> copy) {
		if (!Arrays.equals(source.key(), copy.key())) {
			return "key";
		}
		if (!Arrays.equals(source.value(), copy.value())) {
			return "value";
		}
		if (!sameHeaders(source.headers().toArray(), copy.headers().toArray())) {
			return "headers";
		}
		if (source.timestamp() != copy.timestamp()) {
			return "timestamp";
		}
		if (source.timestampType() != copy.timestampType()) {
			return "timestampType";
		}
		return null;
	}

	/** Source records consumed so far. */
	long compared() {
		return this.compared;
	}

	/** Source offsets covered so far (for percent done). */
	long offsetsDone() {
		return (this.lastSourceOffset < 0) ? 0 : Math.min(this.toOffset, this.lastSourceOffset + 1) - this.fromOffset;
	}

	/**
	 * The report so far.
	 * @param status the status to report
	 * @return the report
	 */
	PartitionReport report(String status) {
		List<PartitionReport.OffsetRange> matched = new ArrayList<>(this.ranges);
		boolean truncated = this.rangesTruncated;
		if (this.openFrom >= 0) {
			if (matched.size() < MAX_RANGES) {
				matched.add(new PartitionReport.OffsetRange(this.openFrom, this.openTo));
			}
			else {
				truncated = true;
			}
		}
		return new PartitionReport(this.partition, this.fromOffset, this.toOffset, status, this.compared, matched,
				truncated, this.mismatched, this.firstMismatch, this.missing, List.copyOf(this.firstMissing),
				this.extra, List.copyOf(this.firstExtra), null);
	}

	/** The final report: MATCHED or MISMATCHED. */
	PartitionReport finish() {
		PartitionReport report = report("RUNNING");
		return report.withStatus(report.matched() ? "MATCHED" : "MISMATCHED", null);
	}

	private void pair(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> copy) {
		this.compared++;
		this.lastSourceOffset = source.offset();
		String field = firstDifference(source, copy);
		if (field == null) {
			if (this.openFrom < 0) {
				this.openFrom = source.offset();
			}
			this.openTo = source.offset();
			return;
		}
		closeRange();
		this.mismatched++;
		if (this.firstMismatch == null) {
			this.firstMismatch = new PartitionReport.Mismatch(source.offset(), copy.offset(), field);
		}
	}

	private void missing(long sourceOffset) {
		this.compared++;
		this.lastSourceOffset = sourceOffset;
		closeRange();
		this.missing++;
		if (this.firstMissing.size() < FIRST_OFFSETS) {
			this.firstMissing.add(sourceOffset);
		}
	}

	private void extra(long destinationOffset) {
		closeRange();
		this.extra++;
		if (this.firstExtra.size() < FIRST_OFFSETS) {
			this.firstExtra.add(destinationOffset);
		}
	}

	private void closeRange() {
		if (this.openFrom < 0) {
			return;
		}
		if (this.ranges.size() < MAX_RANGES) {
			this.ranges.add(new PartitionReport.OffsetRange(this.openFrom, this.openTo));
		}
		else {
			this.rangesTruncated = true;
		}
		this.openFrom = -1;
		this.openTo = -1;
	}

	private static boolean sameHeaders(Header[] a, Header[] b) {
		if (a.length != b.length) {
			return false;
		}
		for (int i = 0; i < a.length; i++) {
			if (!a[i].key().equals(b[i].key()) || !Arrays.equals(a[i].value(), b[i].value())) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable ConsumerRecord<byte[], byte[]> next(Iterator<ConsumerRecord<byte[], byte[]>> records) {
		return records.hasNext() ? records.next() : null;
	}

}
