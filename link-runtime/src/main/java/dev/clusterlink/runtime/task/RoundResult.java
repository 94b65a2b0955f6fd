package dev.clusterlink.runtime.task;

import java.time.Duration;

/**
 * What one round of a link task came to: the reconcile contract between a service's
 * {@link LinkTaskReconciler} and the {@link LinkTaskLoop}, which turns it into the next
 * due time, the task status and the round metrics (the shape of Java Operator SDK's
 * {@code UpdateControl}: the reconciler says what happened, the runtime schedules).
 */
public sealed interface RoundResult {

	/** The outcome tag of the round metrics. */
	String outcome();

	/**
	 * The destination was in step already: the link is ACTIVE, next round after
	 * {@code interval}.
	 *
	 * @param interval the link's own interval (e.g. {@code acl.sync.ms})
	 * @param summary what the round saw, for the DEBUG log
	 */
	record Noop(Duration interval, String summary) implements RoundResult {

		@Override
		public String outcome() {
			return "noop";
		}

	}

	/**
	 * The round changed the destination: the link is ACTIVE, next round after
	 * {@code interval}.
	 *
	 * @param interval the link's own interval
	 * @param summary what the round changed, for the INFO log
	 */
	record Changed(Duration interval, String summary) implements RoundResult {

		@Override
		public String outcome() {
			return "changed";
		}

	}

	/**
	 * The round failed, maybe after some changes: the link shows {@code state} and
	 * {@code reason} and backs off from {@code interval}.
	 *
	 * @param state {@link TaskState#UNAVAILABLE} or {@link TaskState#IN_ERROR}
	 * @param reason what went wrong and what to do, without secrets
	 * @param interval the link's own interval, the base of the back-off
	 */
	record Failed(TaskState state, String reason, Duration interval) implements RoundResult {

		@Override
		public String outcome() {
			return "failed";
		}

	}

	/**
	 * Another run of the same work held the link (another instance during a rebalance,
	 * the worker's final sync): tried again after {@code retryIn}, status unchanged.
	 *
	 * @param retryIn when to try again
	 */
	record Busy(Duration retryIn) implements RoundResult {

		@Override
		public String outcome() {
			return "busy";
		}

	}

	/**
	 * Nothing to do: the link is paused or does not enable the task; looked at again
	 * after the resync interval.
	 *
	 * @param state {@link TaskState#PAUSED} or {@link TaskState#NOT_CONFIGURED}
	 * @param reason why
	 */
	record Idle(TaskState state, String reason) implements RoundResult {

		@Override
		public String outcome() {
			return "idle";
		}

	}

	/** The link was deleted: the runtime forgets it. */
	record Gone() implements RoundResult {

		@Override
		public String outcome() {
			return "gone";
		}

	}

}
