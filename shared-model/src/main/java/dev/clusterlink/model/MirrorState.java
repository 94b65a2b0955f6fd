package dev.clusterlink.model;

/**
 * Lifecycle of a mirror topic, with Confluent's names where they exist (DESIGN.md §5).
 *
 * <p>
 * {@code PENDING -> ACTIVE <-> PAUSED};
 * {@code ACTIVE/PAUSED -> PENDING_STOPPED -> STOPPED}. {@link #DATA_LOSS},
 * {@link #TOPIC_RESET}, {@link #OFFSET_DIVERGED} and {@link #FAILED} are fail-closed:
 * nothing is written to the mirror until an operator acts.
 */
public enum MirrorState {

	/** Accepted; the worker has not finished setting the mirror up yet. */
	PENDING,
	/** Copying records from the source topic. */
	ACTIVE,
	/** Paused by an operator; the topic stays read-only. */
	PAUSED,
	/** Promote or failover accepted; waiting for the worker to stop the mirror. */
	PENDING_STOPPED,
	/** Terminal: mirroring stopped, the topic is a normal writable topic. */
	STOPPED,
	/** The link cannot reach the source cluster; resumes by itself. */
	SOURCE_UNAVAILABLE,
	/** Source retention deleted records the mirror had not copied yet. */
	DATA_LOSS,
	/** The source topic was deleted and recreated (its topic id changed). */
	TOPIC_RESET,
	/** Something other than the link wrote to the mirror topic. */
	OFFSET_DIVERGED,
	/** Unrecoverable error; see the reason. */
	FAILED;

	/**
	 * Whether this is a state in which the worker refuses to write until an operator
	 * acts.
	 */
	public boolean isFailClosed() {
		return switch (this) {
			case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED -> true;
			case PENDING, ACTIVE, PAUSED, PENDING_STOPPED, STOPPED, SOURCE_UNAVAILABLE -> false;
		};
	}

	/**
	 * Whether the link still owns the destination topic (it is read-only for everyone
	 * else).
	 */
	public boolean isMirror() {
		return this != STOPPED;
	}

}
