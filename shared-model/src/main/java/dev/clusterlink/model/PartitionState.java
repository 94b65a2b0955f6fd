package dev.clusterlink.model;

import org.jspecify.annotations.Nullable;

/**
 * The state of one mirrored partition as the worker stores it in
 * {@code mirror_partitions.state} (the link manager reads the same text): the stored
 * value is the constant's name.
 */
public enum PartitionState {

	/** Its start offset is recorded; the destination is not prepared yet. */
	SETTING_UP,
	/** Copies (or is ready to). */
	ACTIVE,
	/** Its mirror is paused. */
	PAUSED,
	/** Halted: source retention deleted records it had not copied. */
	DATA_LOSS,
	/** Halted: the source topic was recreated. */
	TOPIC_RESET,
	/** Halted: something other than the link wrote to the partition. */
	OFFSET_DIVERGED,
	/** Halted: an unrecoverable error. */
	FAILED;

	/** The partition state that shows a halt of the mirror state {@code halt}. */
	public static PartitionState halted(MirrorState halt) {
		return switch (halt) {
			case DATA_LOSS -> DATA_LOSS;
			case TOPIC_RESET -> TOPIC_RESET;
			case OFFSET_DIVERGED -> OFFSET_DIVERGED;
			case FAILED -> FAILED;
			case PENDING, ACTIVE, PAUSED, PENDING_STOPPED, STOPPED, SOURCE_UNAVAILABLE ->
				throw new IllegalArgumentException(halt + " is not a fail-closed state");
		};
	}

	/** The state of a partition that is not halted: ACTIVE, or PAUSED with its mirror. */
	public static PartitionState running(boolean paused) {
		return paused ? PAUSED : ACTIVE;
	}

	/**
	 * The fail-closed mirror state this partition halted in, or {@code null} when it is
	 * not halted.
	 */
	public @Nullable MirrorState halt() {
		return switch (this) {
			case DATA_LOSS -> MirrorState.DATA_LOSS;
			case TOPIC_RESET -> MirrorState.TOPIC_RESET;
			case OFFSET_DIVERGED -> MirrorState.OFFSET_DIVERGED;
			case FAILED -> MirrorState.FAILED;
			case SETTING_UP, ACTIVE, PAUSED -> null;
		};
	}

	/** The stored text. */
	public String stored() {
		return name();
	}

	/**
	 * Reads a stored value.
	 * @param stored the text in {@code mirror_partitions.state}
	 * @return the state, or {@code null} for a value this version does not know
	 */
	public static @Nullable PartitionState fromStored(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		for (PartitionState state : values()) {
			if (state.name().equals(stored)) {
				return state;
			}
		}
		return null;
	}

}
