package dev.clusterlink.model;

import org.jspecify.annotations.Nullable;

/**
 * The state machine of a mirror topic (DESIGN.md §5): the operator's requests
 * ({@link #apply}, a {@link MirrorAction}) and what the worker observes ({@link #on} and
 * {@link #onHalt}, a {@link MirrorEvent}). Every state change of a mirror is one of these
 * named transitions; the worker's state store accepts nothing else. Each is an exhaustive
 * switch over the states, so a new state breaks the build until every transition decides
 * about it.
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

	/**
	 * Applies a worker event that carries no halt.
	 * @param event what the worker observed
	 * @param state the mirror's current state
	 * @param stoppedBy the stop reason: the current one for a stopping mirror, the one
	 * the worker completes for {@link MirrorEvent#STOP_COMPLETED}
	 * @return the transition to store ({@code changed} false: nothing to write)
	 * @throws IllegalTransitionException when the state machine does not allow the event
	 * @throws IllegalArgumentException for a halt event (use {@link #onHalt})
	 */
	public static MirrorTransition on(MirrorEvent event, MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (event) {
			case COPYING -> copying(state, stoppedBy);
			case SET_UP_RETRYING -> setUpRetrying(state, stoppedBy);
			case SOURCE_UNREACHABLE -> (state == MirrorState.ACTIVE)
					? MirrorTransition.to(state, MirrorState.SOURCE_UNAVAILABLE, null,
							"the source cluster does not answer; mirroring continues by itself when it does")
					: MirrorTransition.unchanged(state, stoppedBy, "only a copying mirror shows an unreachable source");
			case SOURCE_ANSWERS -> (state == MirrorState.SOURCE_UNAVAILABLE)
					? MirrorTransition.to(state, MirrorState.ACTIVE, null, "the source cluster answers again")
					: MirrorTransition.unchanged(state, stoppedBy, "the source was not shown unavailable");
			case PROMOTION_WAITING -> promotionWaiting(state, stoppedBy);
			case PROMOTION_TIMED_OUT -> promotionTimedOut(state, stoppedBy);
			case STOP_COMPLETED -> stopCompleted(state, stoppedBy);
			case SET_UP_HALTED, RUN_HALTED, PARTITION_HALTED ->
				throw new IllegalArgumentException(event + " carries a halt: use onHalt");
		};
	}

	/**
	 * Applies a halt the worker found. Which states it leaves depends on where it was
	 * found (see the events): the first halt shown wins, a stopping mirror is decided by
	 * its stop, and a mirror an operator just resumed is not halted again by its previous
	 * run.
	 * @param event {@link MirrorEvent#SET_UP_HALTED}, {@link MirrorEvent#RUN_HALTED} or
	 * {@link MirrorEvent#PARTITION_HALTED}
	 * @param halt the fail-closed state
	 * @param state the mirror's current state
	 * @param stoppedBy the current stop reason
	 * @return the transition to store ({@code changed} false: nothing to write)
	 * @throws IllegalTransitionException when the mirror is STOPPED (set-up halts only)
	 * @throws IllegalArgumentException when {@code halt} is not fail-closed or the event
	 * carries no halt
	 */
	public static MirrorTransition onHalt(MirrorEvent event, MirrorState halt, MirrorState state,
			@Nullable StoppedBy stoppedBy) {
		if (!halt.isFailClosed()) {
			throw new IllegalArgumentException(halt + " is not a fail-closed state");
		}
		String note = "nothing more is written until an operator resumes with acknowledgeDataLoss=true or fails over";
		return switch (event) {
			case SET_UP_HALTED -> switch (state) {
				case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE, PENDING_STOPPED, DATA_LOSS, TOPIC_RESET,
						OFFSET_DIVERGED, FAILED ->
					(state == halt) ? MirrorTransition.unchanged(state, stoppedBy, "already shows this halt")
							: MirrorTransition.to(state, halt, null, note);
				case STOPPED -> throw illegal(state, stoppedBy, event, "the mirror is stopped");
			};
			case RUN_HALTED -> switch (state) {
				case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE -> MirrorTransition.to(state, halt, null, note);
				case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
					MirrorTransition.unchanged(state, stoppedBy, "already halted: the first halt shown stays");
				case PENDING_STOPPED, STOPPED ->
					MirrorTransition.unchanged(state, stoppedBy, "stopping or stopped: the stop decides");
			};
			case PARTITION_HALTED -> switch (state) {
				case ACTIVE, PAUSED, SOURCE_UNAVAILABLE -> MirrorTransition.to(state, halt, null, note);
				case PENDING -> MirrorTransition.unchanged(state, stoppedBy,
						"being set up, or resumed by an operator: the next reconcile decides");
				case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
					MirrorTransition.unchanged(state, stoppedBy, "already halted: the first halt shown stays");
				case PENDING_STOPPED, STOPPED ->
					MirrorTransition.unchanged(state, stoppedBy, "stopping or stopped: the stop decides");
			};
			case COPYING, SET_UP_RETRYING, SOURCE_UNREACHABLE, SOURCE_ANSWERS, PROMOTION_WAITING, PROMOTION_TIMED_OUT,
					STOP_COMPLETED ->
				throw new IllegalArgumentException(event + " carries no halt: use on");
		};
	}

	private static MirrorTransition copying(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING -> MirrorTransition.to(state, MirrorState.ACTIVE, null, "every partition copies");
			case ACTIVE -> MirrorTransition.unchanged(state, null, "already copying");
			case SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED -> MirrorTransition
				.unchanged(state, null, "the state shows a condition that the topic sync or an operator resolves");
			case PAUSED, PENDING_STOPPED, STOPPED ->
				throw illegal(state, stoppedBy, MirrorEvent.COPYING, "a paused or stopping mirror does not copy");
		};
	}

	private static MirrorTransition setUpRetrying(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING -> MirrorTransition.to(state, MirrorState.PENDING, null, "the set-up is retried");
			case ACTIVE, PAUSED, SOURCE_UNAVAILABLE, PENDING_STOPPED, STOPPED, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED,
					FAILED ->
				throw illegal(state, stoppedBy, MirrorEvent.SET_UP_RETRYING, "only a PENDING mirror is being set up");
		};
	}

	private static MirrorTransition promotionWaiting(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING_STOPPED -> {
				if (stoppedBy == StoppedBy.FAILOVER) {
					throw illegal(state, stoppedBy, MirrorEvent.PROMOTION_WAITING, "a failover does not wait");
				}
				yield MirrorTransition.to(state, MirrorState.PENDING_STOPPED, StoppedBy.PROMOTE,
						"partitions still catch up with the source");
			}
			case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE, STOPPED, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED,
					FAILED ->
				throw illegal(state, stoppedBy, MirrorEvent.PROMOTION_WAITING, "no promotion is in progress");
		};
	}

	private static MirrorTransition promotionTimedOut(MirrorState state, @Nullable StoppedBy stoppedBy) {
		return switch (state) {
			case PENDING_STOPPED -> {
				if (stoppedBy == StoppedBy.FAILOVER) {
					throw illegal(state, stoppedBy, MirrorEvent.PROMOTION_TIMED_OUT, "a failover does not time out");
				}
				yield MirrorTransition.to(state, MirrorState.ACTIVE, null,
						"the promotion did not catch up in time; mirroring goes on");
			}
			case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE, STOPPED, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED,
					FAILED ->
				throw illegal(state, stoppedBy, MirrorEvent.PROMOTION_TIMED_OUT, "no promotion is in progress");
		};
	}

	private static MirrorTransition stopCompleted(MirrorState state, @Nullable StoppedBy stoppedBy) {
		if (stoppedBy == null) {
			throw new IllegalArgumentException("a completed stop names its reason (PROMOTE or FAILOVER)");
		}
		return switch (state) {
			case PENDING_STOPPED ->
				MirrorTransition.to(state, MirrorState.STOPPED, stoppedBy, "mirroring stopped; the topic is writable");
			case STOPPED -> MirrorTransition.unchanged(state, stoppedBy, "already stopped");
			case PENDING, ACTIVE, PAUSED, SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
				throw illegal(state, stoppedBy, MirrorEvent.STOP_COMPLETED,
						"only a mirror an operator promoted or failed over stops");
		};
	}

	private static IllegalTransitionException illegal(MirrorState state, @Nullable StoppedBy stoppedBy,
			MirrorEvent event, String why) {
		String current = (stoppedBy != null) ? state + " (" + stoppedBy + ")" : state.name();
		return new IllegalTransitionException("mirror", current, event.verb(), why);
	}

	private static IllegalTransitionException illegal(MirrorState state, @Nullable StoppedBy stoppedBy,
			MirrorAction action, String why) {
		String current = (stoppedBy != null) ? state + " (" + stoppedBy + ")" : state.name();
		return new IllegalTransitionException("mirror", current, action.verb(), why);
	}

}
