package dev.clusterlink.model;

/**
 * What the mirror worker observes about a mirror it owns, and reports as a transition of
 * its state (DESIGN.md §5): {@link MirrorLifecycle#on} for the plain events,
 * {@link MirrorLifecycle#onHalt} for the three ways a halt is found. The operator's
 * requests are {@link MirrorAction}s.
 */
public enum MirrorEvent {

	/**
	 * {@code PENDING -> ACTIVE}: the mirror is set up and its partitions copy (no change
	 * while the source is unavailable or a halt shows).
	 */
	COPYING,

	/**
	 * {@code PENDING -> PENDING} with a new reason: the set-up failed and is retried.
	 */
	SET_UP_RETRYING,

	/** {@code ACTIVE -> SOURCE_UNAVAILABLE}: the source cluster does not answer. */
	SOURCE_UNREACHABLE,

	/** {@code SOURCE_UNAVAILABLE -> ACTIVE}: the source cluster answers again. */
	SOURCE_ANSWERS,

	/**
	 * {@code PENDING_STOPPED -> PENDING_STOPPED} (promote) with a new reason: partitions
	 * still catch up.
	 */
	PROMOTION_WAITING,

	/**
	 * {@code PENDING_STOPPED -> ACTIVE}: the promotion did not catch up within
	 * {@code mirror.promote.timeout.ms}.
	 */
	PROMOTION_TIMED_OUT,

	/**
	 * {@code PENDING_STOPPED -> STOPPED}: the promotion or failover completed; the topic
	 * is writable.
	 */
	STOP_COMPLETED,

	/**
	 * A halt found while setting the mirror up (source topic gone or recreated, a
	 * destination that something else wrote to): the mirror moves to it from any state
	 * but STOPPED.
	 */
	SET_UP_HALTED,

	/**
	 * A halt of the current run found by a reconcile: shown unless the mirror already
	 * shows a halt or is stopping.
	 */
	RUN_HALTED,

	/**
	 * A partition halted while copying: shown while the mirror copies or is paused; a
	 * PENDING mirror is being set up or was resumed by an operator, and the next
	 * reconcile decides.
	 */
	PARTITION_HALTED;

	/** Whether this event carries a halt (a fail-closed target state). */
	public boolean isHalt() {
		return switch (this) {
			case SET_UP_HALTED, RUN_HALTED, PARTITION_HALTED -> true;
			case COPYING, SET_UP_RETRYING, SOURCE_UNREACHABLE, SOURCE_ANSWERS, PROMOTION_WAITING, PROMOTION_TIMED_OUT,
					STOP_COMPLETED ->
				false;
		};
	}

	/** The event's name in messages, e.g. {@code source-answers}. */
	public String verb() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
