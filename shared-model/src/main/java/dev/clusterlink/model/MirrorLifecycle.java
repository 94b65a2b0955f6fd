package dev.clusterlink.model;

import org.jspecify.annotations.Nullable;

/**
 * The operator-driven transitions of a mirror topic (DESIGN.md §5). The worker drives the
 * others ({@code PENDING -> ACTIVE}, {@code PENDING_STOPPED -> STOPPED}, the fail-closed
 * states).
 */
public final class MirrorLifecycle {

	private MirrorLifecycle() {
	}

	/**
	 * Applies an operator request to a mirror.
	 * @param action the request
	 * @param state the mirror's current state
	 * @param stoppedBy the current stop reason, when the mirror is stopping or stopped
	 * @param acknowledgeDataLoss whether the operator accepts the loss that put the
	 * mirror in a fail-closed state (only {@code RESUME} reads it)
	 * @return the transition to store
	 * @throws IllegalTransitionException when the state machine does not allow the
	 * request
	 */
	public static MirrorTransition apply(MirrorAction action, MirrorState state, @Nullable StoppedBy stoppedBy,
			boolean acknowledgeDataLoss) {
		return switch (action) {
			case PAUSE -> pause(state, stoppedBy);
			case RESUME -> resume(state, stoppedBy, acknowledgeDataLoss);
			case PROMOTE -> promote(state, stoppedBy);
			case FAILOVER -> failover(state, stoppedBy);
		};
	}

	private static MirrorTransition pause(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING, ACTIVE, SOURCE_UNAVAILABLE ->
				MirrorTransition.to(state, MirrorState.PAUSED, null, "mirroring stops; the topic stays read-only");
			case PAUSED -> MirrorTransition.unchanged(state, null, "already paused");
			case PENDING_STOPPED, STOPPED ->
				throw illegal(state, stoppedBy, MirrorAction.PAUSE, "the mirror is stopping or stopped");
			case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED -> throw illegal(state, stoppedBy, MirrorAction.PAUSE,
					"the mirror is already halted; resume it with acknowledgeDataLoss=true or fail it over");
		};
	}

	private static MirrorTransition resume(MirrorState state, @Nullable StoppedBy stoppedBy,
			boolean acknowledgeDataLoss) {
		return switch (state) {
			case PAUSED -> MirrorTransition.to(state, MirrorState.PENDING, null,
					"mirroring restarts from the destination end offset");
			case PENDING, ACTIVE, SOURCE_UNAVAILABLE -> MirrorTransition.unchanged(state, null, "not paused");
			case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED -> {
				if (!acknowledgeDataLoss) {
					throw illegal(state, stoppedBy, MirrorAction.RESUME,
							"resuming a halted mirror needs acknowledgeDataLoss=true (see the README, 'Fail-closed states')");
				}
				yield MirrorTransition.to(state, MirrorState.PENDING, null,
						"mirroring restarts; the operator acknowledged the " + state + " condition");
			}
			case PENDING_STOPPED, STOPPED -> throw illegal(state, stoppedBy, MirrorAction.RESUME,
					"a promoted or failed-over mirror cannot mirror again; delete the topic and create a new mirror");
		};
	}

	private static MirrorTransition promote(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case ACTIVE -> MirrorTransition.to(state, MirrorState.PENDING_STOPPED, StoppedBy.PROMOTE,
					"waits until every partition has lag 0, syncs consumer offsets one last time, then stops; the topic becomes writable");
			case PENDING_STOPPED -> {
				if (stoppedBy == StoppedBy.PROMOTE) {
					yield MirrorTransition.unchanged(state, stoppedBy, "promotion already in progress");
				}
				throw illegal(state, stoppedBy, MirrorAction.PROMOTE, "a failover is already in progress");
			}
			case PENDING, PAUSED, SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED -> throw illegal(
					state, stoppedBy, MirrorAction.PROMOTE,
					"promote needs an ACTIVE mirror that can catch up with its source; use failover to stop it as it is");
			case STOPPED -> throw illegal(state, stoppedBy, MirrorAction.PROMOTE, "the mirror is already stopped");
		};
	}

	private static MirrorTransition failover(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
				MirrorTransition.to(state, MirrorState.PENDING_STOPPED, StoppedBy.FAILOVER,
						"stops at once whatever the lag; records not yet mirrored stay behind; the topic becomes writable");
			case PENDING_STOPPED -> {
				if (stoppedBy == StoppedBy.FAILOVER) {
					yield MirrorTransition.unchanged(state, stoppedBy, "failover already in progress");
				}
				yield MirrorTransition.to(state, MirrorState.PENDING_STOPPED, StoppedBy.FAILOVER,
						"the pending promotion turns into a failover: stops at once whatever the lag");
			}
			case STOPPED -> throw illegal(state, stoppedBy, MirrorAction.FAILOVER, "the mirror is already stopped");
		};
	}

	private static IllegalTransitionException illegal(MirrorState state, @Nullable StoppedBy stoppedBy,
			MirrorAction action, String why) {
		String current = (stoppedBy != null) ? state + " (" + stoppedBy + ")" : state.name();
		return new IllegalTransitionException("mirror", current, action.verb(), why);
	}

}
