package dev.clusterlink.model;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a lifecycle request on a mirror: the state it moves to, and whether
 * anything changes.
 *
 * @param from the state before the request
 * @param to the state after it
 * @param stoppedBy set when the mirror is on its way to {@link MirrorState#STOPPED}
 * @param changed false when the request is already satisfied (requests are idempotent)
 * @param note what happens, in words an operator reads in a dry run
 */
public record MirrorTransition(MirrorState from, MirrorState to, @Nullable StoppedBy stoppedBy, boolean changed,
		String note) {

	static MirrorTransition to(MirrorState from, MirrorState to, @Nullable StoppedBy stoppedBy, String note) {
		return new MirrorTransition(from, to, stoppedBy, true, note);
	}

	static MirrorTransition unchanged(MirrorState state, @Nullable StoppedBy stoppedBy, String note) {
		return new MirrorTransition(state, state, stoppedBy, false, note);
	}

}
