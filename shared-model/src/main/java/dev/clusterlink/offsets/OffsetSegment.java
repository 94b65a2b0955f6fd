package dev.clusterlink.offsets;

import org.jspecify.annotations.Nullable;

/**
 * The start of a run of consecutive source offsets copied to consecutive destination
 * offsets. A run ends where the next one starts on the destination, unless it has a
 * length: then destination offsets between its end and the next run hold records that are
 * not copies of source records (foreign writes an operator acknowledged).
 *
 * @param sourceStart the first source offset of the run
 * @param destinationStart the destination offset holding its copy
 * @param length how many records the run holds, when it ends before the next run starts
 */
public record OffsetSegment(long sourceStart, long destinationStart, @Nullable Long length) {

	public OffsetSegment {
		if (sourceStart < 0 || destinationStart < 0 || (length != null && length < 0)) {
			throw new IllegalArgumentException("offsets and lengths must not be negative");
		}
	}

	/** An open run: it ends where the next run starts. */
	public OffsetSegment(long sourceStart, long destinationStart) {
		this(sourceStart, destinationStart, null);
	}

	/** This run, closed after {@code length} records. */
	public OffsetSegment closedAfter(long length) {
		return new OffsetSegment(this.sourceStart, this.destinationStart, length);
	}

}
