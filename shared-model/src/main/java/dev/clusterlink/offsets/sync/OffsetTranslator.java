package dev.clusterlink.offsets.sync;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.store.PartitionOffsets;

/**
 * Where a consumer group's committed source offset puts the group on the destination
 * (DESIGN.md §6): translated by the partition's offset mode and clamped to the mirrored
 * data.
 *
 * <p>
 * Invariants, for a translatable partition:
 * <ul>
 * <li>the position is never past the destination end nor past the copy of the first
 * source record not mirrored yet, so a consumer never skips a record it would have read
 * on the source (KAFKA-12468);</li>
 * <li>a committed offset that points at a record which no longer exists (compacted,
 * transaction marker, before the mirror's start, below the source log start) gives the
 * copy of the first record at or after it that was mirrored: never a literal copy of the
 * source offset (KAFKA-12635, KAFKA-13452);</li>
 * <li>the position is never below the destination log start, so a consumer never meets an
 * out-of-range offset that its {@code auto.offset.reset} could turn into a skip to the
 * end.</li>
 * </ul>
 * A partition that is not set up, has no recorded progress, or is halted in a fail-closed
 * state has no position: nothing is written for it.
 */
public final class OffsetTranslator {

	private OffsetTranslator() {
	}

	/**
	 * Translates one committed offset.
	 * @param committed the group's committed source offset (the next record it reads)
	 * @param partition the mirrored partition as its worker recorded it
	 * @param destinationStart the destination partition's log start offset
	 * @param destinationEnd the destination partition's end offset (Admin listOffsets)
	 * @param destinationIsCheckpoint whether the destination end may be trusted as the
	 * mirrored position (the worker stopped copying: promote or failover), which is
	 * fresher than the stored progress
	 * @return the destination position, or why there is none
	 */
	public static Result translate(long committed, PartitionOffsets partition, long destinationStart,
			long destinationEnd, boolean destinationIsCheckpoint) {
		OffsetMap map = partition.map();
		if (map == null) {
			return new Result.Untranslatable(
					"partition " + partition.partition() + " is not set up by the mirror worker yet (no offset mode)");
		}
		MirrorState halted = haltedState(partition.state());
		if (halted != null) {
			return new Result.Untranslatable("partition " + partition.partition() + " is halted in " + halted
					+ ": offsets of a halted partition are not translated");
		}
		Long stored = partition.mirroredOffset();
		if (stored == null) {
			return new Result.Untranslatable(
					"partition " + partition.partition() + " has no recorded mirroring progress yet");
		}
		long mirrored = stored;
		// the source position the destination end corresponds to: the map was read after
		// the end offset, so every record below the end has its run in the map
		long reachable = map.trimmedTo(destinationEnd).sourcePositionFor(destinationEnd);
		if (destinationIsCheckpoint) {
			// every destination offset below the end holds a verified copy: the worker
			// resumes from the same position
			mirrored = Math.max(mirrored, reachable);
		}
		// Clamp: a group past the mirrored position goes to where the copy of the first
		// record not mirrored yet goes. Not to the destination end: while the worker
		// copies, the stored progress trails the end, and the records between them are
		// copies of source records the group may not have read.
		boolean clamped = committed > Math.min(mirrored, reachable);
		long position = map.destinationPositionFor(Math.min(committed, mirrored), Long.MAX_VALUE, destinationEnd);
		if (position > destinationEnd) {
			// the destination holds less than recorded (e.g. truncated): never point past
			// it
			position = destinationEnd;
			clamped = true;
		}
		position = Math.max(position, Math.min(destinationStart, destinationEnd));
		return new Result.Position(position, clamped, map.mode().name());
	}

	/**
	 * The fail-closed state a partition is halted in, if any.
	 * @param state the partition state the worker recorded
	 * @return the state, or null when the partition is not halted
	 */
	static MirrorState haltedState(String state) {
		try {
			MirrorState parsed = MirrorState.valueOf(state);
			return parsed.isFailClosed() ? parsed : null;
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return null;
		}
	}

	/** The outcome of a translation. */
	public sealed interface Result {

		/**
		 * The destination position of the group.
		 *
		 * @param offset the destination offset the group should next read
		 * @param clamped whether the committed offset was not mirrored yet, so the
		 * position is the mirrored end
		 * @param mode the partition's offset mode
		 */
		record Position(long offset, boolean clamped, String mode) implements Result {
		}

		/**
		 * No position can be given.
		 *
		 * @param reason why, for the operator
		 */
		record Untranslatable(String reason) implements Result {
		}

	}

}
