package dev.clusterlink.model;

/**
 * How a destination offset relates to the source offset of the same record, per partition
 * (DESIGN.md §4).
 */
public enum OffsetMode {

	/** The destination offset equals the source offset. */
	IDENTICAL,
	/** The destination offset is the source offset minus one fixed delta. */
	SHIFTED,
	/** The destination offset comes from an exact range map (the source log has gaps). */
	TRANSLATED;

	/**
	 * The most general of two modes: a mirror with one translated partition is
	 * translated.
	 */
	public OffsetMode widen(OffsetMode other) {
		return other.ordinal() > ordinal() ? other : this;
	}

}
