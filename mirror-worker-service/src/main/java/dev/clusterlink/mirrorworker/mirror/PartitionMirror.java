package dev.clusterlink.mirrorworker.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.offsets.OffsetSegment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One mirrored partition on this worker: where the next source record goes on the
 * destination, and what has been acknowledged.
 *
 * <p>
 * Invariants (DESIGN.md §4): records are sent in source order; the record with source
 * offset {@code s} is sent with the expected destination offset
 * {@code map.destinationFor(s)} at the time it is sent, and an acknowledgement at any
 * other offset halts the partition (OFFSET_DIVERGED); a gap in the source offsets starts
 * a new run of the map, which is stored before the first record of the run is sent. So
 * the destination end offset always maps back to the next source record to copy.
 *
 * <p>
 * Threads: {@code nextSource}, {@code nextDestination} and {@code map} change on the
 * pipeline thread only; acknowledgements arrive on the producer's thread and touch only
 * the volatile acknowledged positions, the in-flight count and the halt.
 */
final class PartitionMirror {

	final UUID mirrorId;

	final String link;

	final String mirror;

	final TopicPartition source;

	final TopicPartition destination;

	final Lease lease;

	private volatile OffsetMap map;

	private volatile long nextSource;

	private long nextDestination;

	private volatile long ackedSource;

	private volatile long ackedDestination;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile @Nullable Halt halt;

	private final java.util.concurrent.atomic.AtomicBoolean haltReported = new java.util.concurrent.atomic.AtomicBoolean();

	private volatile @Nullable String lastError;

	private volatile long consumerPosition = -1;

	private volatile @Nullable Long sourceStart;

	private volatile @Nullable Long sourceEnd;

	private volatile @Nullable Long destinationStart;

	private volatile boolean started;

	private volatile boolean uncertain;

	private volatile boolean skipLoss;

	PartitionMirror(UUID mirrorId, String link, String mirror, TopicPartition source, TopicPartition destination,
			Lease lease, OffsetMap map) {
		this.mirrorId = mirrorId;
		this.link = link;
		this.mirror = mirror;
		this.source = source;
		this.destination = destination;
		this.lease = lease;
		this.map = map;
	}

	/**
	 * Positions the partition on the destination: the destination end offset is the
	 * checkpoint.
	 * @param destinationEnd the destination partition's end offset
	 * @return the source offset to fetch next
	 */
	long startAt(long destinationEnd) {
		this.map = this.map.trimmedTo(destinationEnd);
		this.nextDestination = destinationEnd;
		this.nextSource = this.map.sourcePositionFor(destinationEnd);
		this.ackedDestination = destinationEnd;
		this.ackedSource = this.nextSource;
		this.consumerPosition = this.nextSource;
		this.inFlight.set(0); // called after the producer closed: every callback has run
		this.uncertain = false;
		this.started = true;
		return this.nextSource;
	}

	/**
	 * The runs that records of one poll start: every record whose offset is past the
	 * expected next one (a gap) starts a run at the destination offset it will get.
	 * @param records the polled records of this partition, in offset order
	 * @return new runs, empty when the records are contiguous
	 */
	List<OffsetSegment> runsFor(List<ConsumerRecord<byte[], byte[]>> records) {
		List<OffsetSegment> runs = new ArrayList<>();
		long expectedSource = this.nextSource;
		long destination = this.nextDestination;
		for (ConsumerRecord<byte[], byte[]> record : records) {
			if (record.offset() != expectedSource) {
				runs.add(new OffsetSegment(record.offset(), destination));
			}
			expectedSource = record.offset() + 1;
			destination++;
		}
		return runs;
	}

	/** Adopts a whole new map (before the partition starts). */
	void replaceMap(OffsetMap replacement) {
		this.map = replacement;
	}

	/** Adopts runs that were stored. */
	void addRuns(List<OffsetSegment> runs) {
		OffsetMap updated = this.map;
		for (OffsetSegment run : runs) {
			updated = updated.withRun(run.sourceStart(), run.destinationStart());
		}
		this.map = updated;
	}

	/**
	 * Claims the destination offset of the next record and advances; the caller counted
	 * it with {@link #sending(int)} and sends it.
	 * @param sourceOffset the record's source offset
	 * @return the destination offset it must get
	 */
	long claim(long sourceOffset) {
		long expected = this.nextDestination;
		this.nextDestination++;
		this.nextSource = sourceOffset + 1;
		return expected;
	}

	/**
	 * Counts records about to be sent as in flight, before the first is sent (its
	 * acknowledgement may arrive before the last is sent).
	 * @param records how many
	 */
	void sending(int records) {
		this.inFlight.addAndGet(records);
	}

	/**
	 * Records an acknowledgement (producer thread).
	 * @param sourceOffset the record's source offset
	 * @param expectedDestination the offset it was expected at
	 * @param actualDestination the offset the broker assigned
	 * @return false when the offsets differ (the partition is now halted)
	 */
	boolean acknowledged(long sourceOffset, long expectedDestination, long actualDestination) {
		this.inFlight.decrementAndGet();
		if (actualDestination != expectedDestination) {
			halt(new Halt(dev.clusterlink.model.MirrorState.OFFSET_DIVERGED, "partition " + this.destination.partition()
					+ ": the copy of source offset " + sourceOffset + " was expected at destination offset "
					+ expectedDestination + " but the broker assigned " + actualDestination
					+ "; something other than this link wrote to the mirror topic (another producer, or a worker that "
					+ "resumed after losing its lease). Nothing more is written. Check who can write to the topic, then "
					+ "resume with acknowledgeDataLoss=true or fail over"));
			return false;
		}
		if (this.halt == null) {
			this.ackedSource = sourceOffset + 1;
			this.ackedDestination = actualDestination + 1;
		}
		return true;
	}

	/**
	 * Records a failed send (producer thread): the outcome is unknown until the
	 * destination is read again.
	 */
	void failed(Exception failure) {
		this.uncertain = true;
		this.inFlight.decrementAndGet();
		this.lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	void halt(Halt halt) {
		if (this.halt == null) {
			this.halt = halt;
		}
	}

	/**
	 * Lets the partition skip records the source deleted before they were copied (policy
	 * or acknowledgement).
	 */
	void skipLoss(boolean skip) {
		this.skipLoss = skip;
	}

	boolean skipsLoss() {
		return this.skipLoss;
	}

	/** True once per halt: whether the caller is the first to report it. */
	boolean reportHalt() {
		return this.halt != null && this.haltReported.compareAndSet(false, true);
	}

	@Nullable Halt halted() {
		return this.halt;
	}

	boolean isStarted() {
		return this.started;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	long nextSource() {
		return this.nextSource;
	}

	long nextDestination() {
		return this.nextDestination;
	}

	OffsetMap map() {
		return this.map;
	}

	void observed(long position, @Nullable Long sourceEnd) {
		this.consumerPosition = position;
		if (sourceEnd != null) {
			this.sourceEnd = sourceEnd;
		}
	}

	void observedSource(@Nullable Long start, @Nullable Long end) {
		if (start != null) {
			this.sourceStart = start;
		}
		if (end != null) {
			this.sourceEnd = end;
		}
	}

	void observedDestinationStart(long start) {
		this.destinationStart = start;
	}

	void clearError() {
		this.lastError = null;
	}

	/**
	 * The next source offset whose copy is not acknowledged: everything before it is on
	 * the destination. When nothing is in flight, the consumer's position counts too (it
	 * moves past transaction markers and aborted records, which have no copy).
	 */
	long mirroredOffset() {
		long acked = this.ackedSource;
		long position = this.consumerPosition;
		return (this.inFlight.get() == 0 && this.halt == null && !this.uncertain && position > acked) ? position
				: acked;
	}

	long acknowledgedDestination() {
		return this.ackedDestination;
	}

	@Nullable Long lag() {
		Long end = this.sourceEnd;
		return (end == null) ? null : Math.max(0, end - mirroredOffset());
	}

	@Nullable Long sourceStart() {
		return this.sourceStart;
	}

	@Nullable Long sourceEnd() {
		return this.sourceEnd;
	}

	PartitionProgress progress(String state) {
		Halt stopped = this.halt;
		return new PartitionProgress(this.mirrorId, this.source.partition(), this.lease.epoch(),
				(stopped != null) ? stopped.state().name() : state, mirroredOffset(), this.sourceStart, this.sourceEnd,
				lag(), this.destinationStart, this.ackedDestination,
				(stopped != null) ? stopped.reason() : this.lastError);
	}

	@Override
	public String toString() {
		return this.link + "/" + this.mirror + "-" + this.source.partition();
	}

}
