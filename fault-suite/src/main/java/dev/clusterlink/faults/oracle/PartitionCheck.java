package dev.clusterlink.faults.oracle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.clusterlink.faults.traffic.AckedPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Compares one partition of both sides in lockstep, offset by offset, and checks the
 * acknowledged records of that partition against the source on the way.
 * <p>
 * Invariants: both sides are merged by offset, so a record only on the source is
 * {@code MISSING}, one only on the destination {@code EXTRA}, and gaps both sides share
 * (transaction markers, compacted offsets) are no difference. Memory stays bounded: each
 * side buffers one poll's worth. The deadline is checked on every round, so a side that
 * never reaches its end fails the check instead of hanging it.
 */
final class PartitionCheck {

	private static final Duration POLL = Duration.ofMillis(200);

	private final PartitionReader source;

	private final PartitionReader destination;

	private final AckedPartition acked;

	private final Deadline deadline;

	private final List<Mismatch> first;

	private final Map<Mismatch.Kind, Long> counts = new EnumMap<>(Mismatch.Kind.class);

	private Mismatch firstHere;

	private long compared;

	private int ackedIndex;

	private long ackedChecked;

	/**
	 * @param source the source side of the partition, from the start offset to its end
	 * @param destination the destination side, from the same start offset to its end
	 * @param acked the acknowledged records of the partition in offset order (may be
	 * empty)
	 * @param first where the first mismatches of the whole check are collected
	 */
	PartitionCheck(PartitionReader source, PartitionReader destination, AckedPartition acked, Deadline deadline,
			List<Mismatch> first) {
		this.source = source;
		this.destination = destination;
		this.acked = acked;
		this.deadline = deadline;
		this.first = first;
	}

	PartitionVerdict run() {
		while (this.ackedIndex < this.acked.size() && this.acked.offset(this.ackedIndex) < this.source.start()) {
			this.ackedIndex++;
		}
		while (!this.source.exhausted() || !this.destination.exhausted()) {
			this.deadline.check(this::progress);
			try {
				this.source.fill(this.deadline.atMost(POLL));
				this.destination.fill(this.deadline.atMost(POLL));
			}
			catch (TimeoutException ex) {
				this.deadline.check(this::progress);
			}
			merge();
		}
		ackedBefore(Long.MAX_VALUE);
		return new PartitionVerdict(this.source.partition(), this.source.start(), this.source.end(),
				this.destination.end(), this.compared, this.ackedChecked, this.counts, this.firstHere);
	}

	/** Consumes what both sides have buffered, as far as the order is known. */
	private void merge() {
		while (true) {
			ConsumerRecord<byte[], byte[]> mine = this.source.peek();
			ConsumerRecord<byte[], byte[]> theirs = this.destination.peek();
			if (mine != null && theirs != null && mine.offset() == theirs.offset()) {
				checkAcked(mine);
				this.compared++;
				found(RecordDiff.between(mine, theirs));
				this.source.advance();
				this.destination.advance();
			}
			else if (mine != null
					&& ((theirs != null) ? mine.offset() < theirs.offset() : this.destination.exhausted())) {
				checkAcked(mine);
				found(mismatch(this.destination, mine.offset(), Mismatch.Kind.MISSING,
						"the source has key " + RecordDiff.show(mine.key())));
				this.source.advance();
			}
			else if (theirs != null && ((mine != null) ? theirs.offset() < mine.offset() : this.source.exhausted())) {
				found(mismatch(this.destination, theirs.offset(), Mismatch.Kind.EXTRA,
						"not on the source; key " + RecordDiff.show(theirs.key())));
				this.destination.advance();
			}
			else {
				return;
			}
		}
	}

	/** Checks the acknowledged records up to this source record's offset. */
	private void checkAcked(ConsumerRecord<byte[], byte[]> record) {
		ackedBefore(record.offset());
		if (this.ackedIndex < this.acked.size() && this.acked.offset(this.ackedIndex) == record.offset()) {
			String key = this.acked.key(this.ackedIndex);
			if (!Arrays.equals(key.getBytes(StandardCharsets.UTF_8), record.key())) {
				found(mismatch(this.source, record.offset(), Mismatch.Kind.ACKED_NOT_ON_SOURCE,
						"acknowledged " + key + ", the source has key " + RecordDiff.show(record.key())));
			}
			this.ackedChecked++;
			this.ackedIndex++;
		}
	}

	/**
	 * Reports every acknowledged record before {@code offset}: the source has none there.
	 */
	private void ackedBefore(long offset) {
		while (this.ackedIndex < this.acked.size() && this.acked.offset(this.ackedIndex) < offset) {
			long at = this.acked.offset(this.ackedIndex);
			String where = (at >= this.source.end()) ? "at or beyond the source end " + this.source.end()
					: "no record there";
			found(mismatch(this.source, at, Mismatch.Kind.ACKED_NOT_ON_SOURCE,
					"acknowledged " + this.acked.key(this.ackedIndex) + ", " + where));
			this.ackedChecked++;
			this.ackedIndex++;
		}
	}

	private static Mismatch mismatch(PartitionReader side, long offset, Mismatch.Kind kind, String description) {
		return new Mismatch(side.topic(), side.partition(), offset, kind, description);
	}

	private void found(Mismatch mismatch) {
		if (mismatch == null) {
			return;
		}
		this.counts.merge(mismatch.kind(), 1L, Long::sum);
		if (this.firstHere == null) {
			this.firstHere = mismatch;
		}
		if (this.first.size() < Verdict.FIRST_LIMIT) {
			this.first.add(mismatch);
		}
	}

	private String progress() {
		return "comparing " + this.source.topic() + "-" + this.source.partition() + " with " + this.destination.topic()
				+ "-" + this.destination.partition() + ": source at offset " + this.source.next() + " of ["
				+ this.source.start() + ", " + this.source.end() + "), destination at offset " + this.destination.next()
				+ " of [" + this.destination.start() + ", " + this.destination.end() + ")";
	}

}
