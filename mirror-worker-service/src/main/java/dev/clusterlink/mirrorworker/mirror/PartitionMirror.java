package dev.clusterlink.mirrorworker.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.model.PartitionState;
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
 * the destination end offset always maps back to the next source record to copy. A
 * partition is positioned ({@link #startAt}) only from the destination end offset, and
 * only once records of an aborted producer can no longer land there (it was settled).
 *
 * <p>
 * Threads (DESIGN.md §9): {@code nextSource}, {@code nextDestination}, {@code map}, the
 * fetch position, {@code started}, the settle observation and the skip point change on
 * the copy thread ({@code mirror-<link>}) only; acknowledgements arrive on the producer's
 * I/O thread and touch only the acknowledged positions (destination before source), the
 * in-flight count, the last error, the progress time and the halt. The topic-config sync
 * writes only the observed source offsets and, through {@link #halt}, a halt. The halt is
 * set once, by compare-and-set: the first halt wins whichever thread finds it, and
 * {@link #reportHalt} lets exactly one caller report it. The progress reporter and the
 * reconciler only read (volatile fields).
 */
final class PartitionMirror {

	final UUID mirrorId;

	final String link;

	final String mirror;

	final TopicPartition source;

	final TopicPartition destination;

	final Lease lease;

	private volatile OffsetMap map;

	/** The source offset the offset map expects next (a record past it starts a run). */
	private volatile long nextSource;

	/** Where the next record sent goes on the destination (pipeline thread). */
	private long nextDestination;

	/** Where the consumer fetches from after a (re)position. */
	private volatile long fetchFrom;

	// written by the producer thread: destination before source, read source first
	private volatile long ackedSource;

	private volatile long ackedDestination;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicReference<@Nullable Halt> halt = new AtomicReference<>();

	private final AtomicBoolean haltReported = new AtomicBoolean();

	private volatile @Nullable String lastError;

	private volatile @Nullable SkipPoint skip;

	private volatile long lastProgressNanos = System.nanoTime();

	private volatile @Nullable Long sourceStart;

	private volatile @Nullable Long sourceEnd;

	private volatile @Nullable Long destinationStart;

	private volatile boolean started;

	/** Positioned at least once in this run: its progress is known and reported. */
	private volatile boolean positioned;

	private volatile boolean settleRequired;

	private volatile boolean skipLoss;

	/**
	 * The last settle observation: the destination end offset and when it was first seen
	 * (pipeline thread).
	 */
	private long settleEnd = -1;

	private long settleSinceNanos;

	PartitionMirror(UUID mirrorId, String link, String mirror, TopicPartition source, TopicPartition destination,
			Lease lease, OffsetMap map) {
		this.mirrorId = mirrorId;
		this.link = link;
		this.mirror = mirror;
		this.source = source;
		this.destination = destination;
		this.lease = lease;
		this.map = map;
		this.settleRequired = !lease.predecessorDrained();
	}

	/**
	 * Positions the partition on the destination: the destination end offset is the
	 * checkpoint. Called with nothing in flight (no producer holds records of it).
	 * @param destinationEnd the destination partition's end offset
	 * @return the source offset to fetch next
	 */
	long startAt(long destinationEnd) {
		this.map = this.map.trimmedTo(destinationEnd);
		this.nextDestination = destinationEnd;
		this.nextSource = this.map.sourcePositionFor(destinationEnd);
		this.ackedDestination = destinationEnd;
		this.ackedSource = this.nextSource;
		SkipPoint point = this.skip;
		// past records with no copy (transaction markers, aborted records) that the
		// consumer had already moved over: they may be gone from the source by now
		this.fetchFrom = (point != null && point.destinationEnd() == destinationEnd)
				? Math.max(this.nextSource, point.sourcePosition()) : this.nextSource;
		this.inFlight.set(0);
		this.lastError = null; // positioned again: what failed before is over
		this.settleRequired = false;
		this.settleEnd = -1;
		this.lastProgressNanos = System.nanoTime();
		this.started = true;
		this.positioned = true;
		return this.fetchFrom;
	}

	/**
	 * Takes the partition off the destination after its producer was aborted and every
	 * callback has run: it is positioned again from the destination end, after settling
	 * when records of unknown outcome may still land.
	 */
	void unposition() {
		if (!this.started) {
			return;
		}
		this.started = false;
		this.inFlight.set(0);
		if (this.nextDestination > this.ackedDestination) {
			this.settleRequired = true;
		}
	}

	/**
	 * Records a destination end offset seen while settling.
	 * @return whether it has not moved for at least {@code windowNanos}
	 */
	boolean settled(long destinationEnd, long nowNanos, long windowNanos) {
		if (destinationEnd != this.settleEnd) {
			this.settleEnd = destinationEnd;
			this.settleSinceNanos = nowNanos;
			return false;
		}
		return nowNanos - this.settleSinceNanos >= windowNanos;
	}

	/** Forgets the settle observation: the destination did not answer in between. */
	void resetSettle() {
		this.settleEnd = -1;
	}

	/** Starts the stall clock: records are handed over after an idle time. */
	void touch() {
		this.lastProgressNanos = System.nanoTime();
	}

	boolean settleRequired() {
		return this.settleRequired;
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
		this.fetchFrom = sourceOffset + 1;
		return expected;
	}

	/**
	 * Counts records about to be sent as in flight, before the first is sent (its
	 * acknowledgement may arrive before the last is sent); a negative number takes back
	 * records that were never handed over.
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
		this.lastProgressNanos = System.nanoTime();
		if (actualDestination != expectedDestination) {
			halt(Halt.acknowledgedElsewhere(this.destination, sourceOffset, expectedDestination, actualDestination));
			return false;
		}
		if (this.halt.get() == null) {
			this.ackedDestination = actualDestination + 1;
			this.ackedSource = sourceOffset + 1;
		}
		return true;
	}

	/**
	 * Records a send that failed or was aborted (producer thread, or the pipeline thread
	 * when the producer refused the record at once).
	 * @param error what to show, or {@code null} for a record aborted with its producer
	 * (outcome unknown until the destination is read again)
	 */
	void unacknowledged(@Nullable String error) {
		this.inFlight.decrementAndGet();
		if (error != null) {
			this.lastError = error;
		}
	}

	/**
	 * Halts the partition; the first halt wins. Any thread (producer I/O thread on
	 * verify-on-ack and permanent send failures, copy thread on a tail check or a gone
	 * topic, topic-config sync on data loss, reconciler on a topic reset): the decision
	 * is one compare-and-set, never a check followed by a write.
	 * @return whether this halt won (false: the partition had halted already, and keeps
	 * its first halt)
	 */
	boolean halt(Halt halt) {
		return this.halt.compareAndSet(null, halt);
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
		return this.halt.get() != null && this.haltReported.compareAndSet(false, true);
	}

	@Nullable Halt halted() {
		return this.halt.get();
	}

	/** Positioned on the destination with the current producer. */
	boolean isStarted() {
		return this.started;
	}

	/**
	 * Whether its progress is known: positioned at least once in this run (taken off the
	 * destination or halted since, its acknowledged positions still hold).
	 */
	boolean hasProgress() {
		return this.positioned;
	}

	/** Copies now: positioned and not halted. */
	boolean isLive() {
		return this.started && this.halt.get() == null;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	long nextSource() {
		return this.nextSource;
	}

	/**
	 * Where the consumer fetches this partition from (pipeline thread): past the records
	 * with no copy that the consumer had moved over when nothing has been handed over
	 * since, so that retention deleting only those is no loss.
	 */
	long fetchFrom() {
		SkipPoint point = this.skip;
		return (point != null && point.destinationEnd() == this.nextDestination)
				? Math.max(this.fetchFrom, point.sourcePosition()) : this.fetchFrom;
	}

	long nextDestination() {
		return this.nextDestination;
	}

	OffsetMap map() {
		return this.map;
	}

	/**
	 * Called by the pipeline thread after a poll: when everything handed over is
	 * acknowledged, the consumer position marks a source offset before which every record
	 * is copied or has no copy (transaction markers and aborted records, which a
	 * {@code read_committed} consumer moves over).
	 */
	void observed(long position, @Nullable Long sourceEnd) {
		if (sourceEnd != null) {
			this.sourceEnd = sourceEnd;
		}
		if (this.started && this.inFlight.get() == 0 && this.halt.get() == null
				&& this.ackedDestination == this.nextDestination && position >= this.ackedSource) {
			SkipPoint current = this.skip;
			if (current == null || current.destinationEnd() != this.ackedDestination
					|| current.sourcePosition() != position) {
				this.skip = new SkipPoint(this.ackedDestination, position);
			}
		}
	}

	/**
	 * Adopts the last skip point stored (on set-up): the position survives a restart as
	 * long as the destination ends where it ended then.
	 */
	void restoreSkipPoint(@Nullable Long mirroredOffset, @Nullable Long destinationEnd) {
		if (mirroredOffset != null && destinationEnd != null) {
			this.skip = new SkipPoint(destinationEnd, mirroredOffset);
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

	@Nullable String lastError() {
		return this.lastError;
	}

	/** When the partition last made progress (an acknowledgement, or a position). */
	long lastProgressNanos() {
		return this.lastProgressNanos;
	}

	/**
	 * The next source offset whose copy is not acknowledged: everything before it is on
	 * the destination or has no copy.
	 */
	long mirroredOffset() {
		return checkpoint().mirroredOffset();
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

	/**
	 * The progress row of this partition (any thread: volatile reads only).
	 * @param running the state shown when the partition is not halted (ACTIVE or PAUSED)
	 * @param pipelineError the pipeline's failure, shown when the partition has none of
	 * its own
	 */
	PartitionProgress progress(PartitionState running, @Nullable String pipelineError) {
		Halt stopped = this.halt.get();
		Checkpoint checkpoint = checkpoint();
		Long end = this.sourceEnd;
		String error = (stopped != null) ? stopped.reason() : (this.lastError != null) ? this.lastError : pipelineError;
		return new PartitionProgress(this.mirrorId, this.source.partition(), this.lease.epoch(),
				(stopped != null) ? stopped.partitionState() : running, checkpoint.mirroredOffset(), this.sourceStart,
				end, (end == null) ? null : Math.max(0, end - checkpoint.mirroredOffset()), this.destinationStart,
				checkpoint.destinationEnd(), error);
	}

	/**
	 * The mirrored source offset and the destination end it goes with, read together: a
	 * skip point counts only while the destination still ends where it was taken.
	 */
	private Checkpoint checkpoint() {
		long acked = this.ackedSource; // source first: the destination read next is as
										// new
		long destinationEnd = this.ackedDestination;
		SkipPoint point = this.skip;
		if (point != null && point.destinationEnd() == destinationEnd && point.sourcePosition() > acked) {
			return new Checkpoint(point.sourcePosition(), destinationEnd);
		}
		return new Checkpoint(acked, destinationEnd);
	}

	@Override
	public String toString() {
		return this.link + "/" + this.mirror + "-" + this.source.partition();
	}

	/**
	 * A source position past records with no copy, valid while the destination ends at
	 * {@code destinationEnd}.
	 */
	private record SkipPoint(long destinationEnd, long sourcePosition) {
	}

	private record Checkpoint(long mirroredOffset, long destinationEnd) {
	}

}
