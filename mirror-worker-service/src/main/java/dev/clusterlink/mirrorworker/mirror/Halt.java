package dev.clusterlink.mirrorworker.mirror;

import dev.clusterlink.model.MirrorState;

/**
 * Why a partition stopped copying and waits for an operator: a fail-closed state and a
 * reason that says what happened and what to do.
 *
 * @param state DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED or FAILED
 * @param reason the explanation shown in the API
 */
record Halt(MirrorState state, String reason) {

	Halt {
		if (!state.isFailClosed()) {
			throw new IllegalArgumentException(state + " is not a fail-closed state");
		}
	}

}
