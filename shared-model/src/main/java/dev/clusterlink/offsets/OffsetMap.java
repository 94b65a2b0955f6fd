package dev.clusterlink.offsets;

import java.util.ArrayList;
import java.util.List;

import dev.clusterlink.model.OffsetMode;

/**
 * How the offsets of one mirrored partition correspond (DESIGN.md §4): IDENTICAL
 * (destination = source), SHIFTED (destination = source - delta) or TRANSLATED (an exact
 * list of runs).
 *
 * <p>
 * Invariant: the destination holds copies of source records in source order,
 * contiguously; every destination offset from the first run's destination start up to the
 * destination end holds the copy of exactly one source record. So a destination end
 * offset maps back to exactly one next source position
 * ({@link #sourcePositionFor(long)}), which is how a worker resumes with no progress
 * store beside the data. Immutable.
 */
public final class OffsetMap {

	private final OffsetMode mode;

	private final List<OffsetSegment> segments;

	private OffsetMap(OffsetMode mode, List<OffsetSegment> segments) {
		this.mode = mode;
		this.segments = List.copyOf(segments);
	}

	/**
	 * Source offset {@code o} is at destination offset {@code o}.
	 * @param startOffset the first source offset mirrored
	 * @return the map
	 */
	public static OffsetMap identical(long startOffset) {
		return new OffsetMap(OffsetMode.IDENTICAL, List.of(new OffsetSegment(startOffset, startOffset)));
	}

	/**
	 * Source offset {@code o} is at destination offset {@code o - delta}.
	 * @param startOffset the first source offset mirrored
	 * @param delta source minus destination offset
	 * @return the map ({@link OffsetMode#IDENTICAL} when the delta is 0)
	 */
	public static OffsetMap shifted(long startOffset, long delta) {
		if (delta == 0) {
			return identical(startOffset);
		}
		return new OffsetMap(OffsetMode.SHIFTED, List.of(new OffsetSegment(startOffset, startOffset - delta)));
	}

	/**
	 * An exact list of runs.
	 * @param segments the runs, in source order; their destination starts must increase
	 * with them
	 * @return the map
	 */
	public static OffsetMap translated(List<OffsetSegment> segments) {
		if (segments.isEmpty()) {
			throw new IllegalArgumentException("a translated map needs at least one run");
		}
		for (int i = 1; i < segments.size(); i++) {
			OffsetSegment previous = segments.get(i - 1);
			OffsetSegment current = segments.get(i);
			long previousLength = (previous.length() != null) ? previous.length()
					: current.destinationStart() - previous.destinationStart();
			if (current.sourceStart() <= previous.sourceStart()
					|| current.destinationStart() < previous.destinationStart() + previousLength
					|| previousLength > current.sourceStart() - previous.sourceStart()) {
				throw new IllegalArgumentException("runs out of order at source offset " + current.sourceStart());
			}
		}
		return new OffsetMap(OffsetMode.TRANSLATED, segments);
	}

	public OffsetMode mode() {
		return this.mode;
	}

	/** The runs; one for IDENTICAL and SHIFTED. */
	public List<OffsetSegment> segments() {
		return this.segments;
	}

	/** The first source offset the mirror copies. */
	public long startOffset() {
		return this.segments.get(0).sourceStart();
	}

	/**
	 * The delta of a SHIFTED or IDENTICAL map (source minus destination); meaningless
	 * when TRANSLATED.
	 */
	public long delta() {
		OffsetSegment first = this.segments.get(0);
		return first.sourceStart() - first.destinationStart();
	}

	/**
	 * The next source offset to copy when the destination ends at {@code destinationEnd}:
	 * the destination is the checkpoint.
	 * @param destinationEnd the destination partition's end offset
	 * @return the source offset whose copy goes to {@code destinationEnd}
	 */
	public long sourcePositionFor(long destinationEnd) {
		OffsetSegment run = runEndingAt(destinationEnd);
		return run.sourceStart() + (destinationEnd - run.destinationStart());
	}

	/**
	 * The destination offset that the copy of the record at a source position goes to,
	 * continuing the last run.
	 * @param sourceOffset a source offset at or after the last run's start
	 * @return its destination offset if no gap comes first
	 */
	public long destinationFor(long sourceOffset) {
		OffsetSegment last = this.segments.get(this.segments.size() - 1);
		return last.destinationStart() + (sourceOffset - last.sourceStart());
	}

	/**
	 * Translates a source offset.
	 * @param sourceOffset the source offset
	 * @param mirroredPosition the next source offset the mirror will copy
	 * @param destinationEnd the destination end offset (ends the last run)
	 * @return what the offset corresponds to
	 */
	public Translation translate(long sourceOffset, long mirroredPosition, long destinationEnd) {
		OffsetSegment first = this.segments.get(0);
		if (sourceOffset < first.sourceStart()) {
			return new Translation.BeforeStart(first.sourceStart(), first.destinationStart());
		}
		if (sourceOffset >= mirroredPosition) {
			return new Translation.NotYetMirrored(mirroredPosition);
		}
		int index = runIndexForSource(sourceOffset);
		OffsetSegment run = this.segments.get(index);
		long next = (index + 1 < this.segments.size()) ? this.segments.get(index + 1).destinationStart()
				: destinationEnd;
		long runLength = (run.length() != null) ? run.length() : next - run.destinationStart();
		long into = sourceOffset - run.sourceStart();
		if (into < runLength) {
			return new Translation.Exact(run.destinationStart() + into);
		}
		return new Translation.NoRecord(next);
	}

	/**
	 * Where a consumer that would next read source offset {@code committed} should next
	 * read on the destination: the copy of the first record at or after it that was
	 * mirrored.
	 * @param committed a committed source offset (the next record to read)
	 * @param mirroredPosition the next source offset the mirror will copy
	 * @param destinationEnd the destination end offset
	 * @return the destination offset, never past {@code destinationEnd}
	 */
	public long destinationPositionFor(long committed, long mirroredPosition, long destinationEnd) {
		return switch (translate(committed, mirroredPosition, destinationEnd)) {
			case Translation.Exact exact -> exact.destinationOffset();
			case Translation.NoRecord gap -> gap.nextDestinationOffset();
			case Translation.BeforeStart before -> before.firstDestinationOffset();
			case Translation.NotYetMirrored notYet -> destinationEnd;
		};
	}

	/**
	 * This map with a new run starting at a source offset: the partition becomes
	 * TRANSLATED.
	 * @param sourceStart where the new run starts on the source
	 * @param destinationStart where its copy starts
	 * @return the new map
	 */
	public OffsetMap withRun(long sourceStart, long destinationStart) {
		List<OffsetSegment> runs = new ArrayList<>();
		for (OffsetSegment run : this.segments) {
			// a run that never got a record on the destination is replaced
			if (run.destinationStart() < destinationStart) {
				runs.add(run);
			}
		}
		runs.add(new OffsetSegment(sourceStart, destinationStart));
		return translated(runs);
	}

	/**
	 * This map with its last run closed at a destination offset and a new run after it:
	 * the destination offsets in between hold records that are not copies (acknowledged
	 * foreign writes).
	 * @param destinationEndOfCopies where the copies end on the destination
	 * @param sourceStart where the new run starts on the source
	 * @param destinationStart where its copy starts
	 * @return the new map
	 */
	public OffsetMap withRunAfterForeignRecords(long destinationEndOfCopies, long sourceStart, long destinationStart) {
		List<OffsetSegment> runs = new ArrayList<>();
		for (OffsetSegment run : this.segments) {
			if (run.destinationStart() < destinationEndOfCopies) {
				runs.add(run);
			}
		}
		OffsetSegment last = runs.remove(runs.size() - 1);
		runs.add(last.closedAfter(destinationEndOfCopies - last.destinationStart()));
		runs.add(new OffsetSegment(sourceStart, destinationStart));
		return translated(runs);
	}

	/**
	 * This map without runs that start past the destination end (written ahead of records
	 * that never reached the destination).
	 * @param destinationEnd the destination end offset
	 * @return the trimmed map
	 */
	public OffsetMap trimmedTo(long destinationEnd) {
		if (this.mode != OffsetMode.TRANSLATED) {
			return this;
		}
		List<OffsetSegment> kept = this.segments.stream()
			.filter((run) -> run.destinationStart() <= destinationEnd)
			.toList();
		return (kept.size() == this.segments.size()) ? this
				: translated(kept.isEmpty() ? this.segments.subList(0, 1) : kept);
	}

	private OffsetSegment runEndingAt(long destinationEnd) {
		OffsetSegment found = this.segments.get(0);
		for (OffsetSegment run : this.segments) {
			if (run.destinationStart() <= destinationEnd) {
				found = run;
			}
		}
		return found;
	}

	private int runIndexForSource(long sourceOffset) {
		int low = 0;
		int high = this.segments.size() - 1;
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (this.segments.get(mid).sourceStart() <= sourceOffset) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return low;
	}

	@Override
	public String toString() {
		return this.mode + ((this.mode == OffsetMode.TRANSLATED) ? " " + this.segments.size() + " runs"
				: " from " + startOffset() + " delta " + delta());
	}

}
