package dev.clusterlink.offsets;

/** What a source offset corresponds to on the destination. */
public sealed interface Translation {

	/**
	 * The record at the source offset was copied to this destination offset.
	 *
	 * @param destinationOffset where its copy is
	 */
	record Exact(long destinationOffset) implements Translation {
	}

	/**
	 * No record has this source offset (compacted away, a transaction marker, an aborted
	 * record, or a record skipped after acknowledged data loss); the next record's copy
	 * is at {@code nextDestinationOffset}.
	 *
	 * @param nextDestinationOffset the destination offset of the next record that exists
	 */
	record NoRecord(long nextDestinationOffset) implements Translation {
	}

	/**
	 * The source offset is before the first offset the mirror copies.
	 *
	 * @param firstSourceOffset the mirror's first source offset
	 * @param firstDestinationOffset where its copy is
	 */
	record BeforeStart(long firstSourceOffset, long firstDestinationOffset) implements Translation {
	}

	/**
	 * The source offset has not been mirrored yet.
	 *
	 * @param mirroredPosition the next source offset to copy
	 */
	record NotYetMirrored(long mirroredPosition) implements Translation {
	}

}
