package dev.clusterlink.offsetsync.offsets;

/**
 * The states of the {@code ConsumerOffsetSync} link task, as {@code GET
 * /api/v1/links/{link}} shows them.
 */
enum TaskState {

	/** Rounds succeed (groups skipped for a reason are shown per group). */
	ACTIVE,
	/** A round failed for a reason an operator must look at. */
	IN_ERROR,
	/**
	 * A cluster cannot serve offset sync: it does not answer, refuses the credentials, or
	 * the link's principal may not describe groups or read and write their offsets.
	 */
	UNAVAILABLE,
	/** {@code consumer.offset.sync.enable} is off. */
	NOT_CONFIGURED,
	/** The link is paused. */
	PAUSED

}
