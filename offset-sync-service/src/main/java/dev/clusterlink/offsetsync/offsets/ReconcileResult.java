package dev.clusterlink.offsetsync.offsets;

import java.time.Duration;

import dev.clusterlink.offsets.sync.SyncReport;

/** What one offset sync round of a link came to. */
sealed interface ReconcileResult {

	/** The outcome tag of the round metrics. */
	String outcome();

	/**
	 * Every destination group was in step (or held for a recorded reason): nothing
	 * written.
	 *
	 * @param report what the round saw
	 * @param interval the link's {@code consumer.offset.sync.ms}
	 * @param took how long the round took
	 */
	record Noop(SyncReport report, Duration interval, Duration took) implements ReconcileResult {

		@Override
		public String outcome() {
			return "noop";
		}

	}

	/**
	 * The round wrote offsets to destination groups.
	 *
	 * @param report what the round did
	 * @param interval the link's {@code consumer.offset.sync.ms}
	 * @param took how long the round took
	 */
	record Changed(SyncReport report, Duration interval, Duration took) implements ReconcileResult {

		@Override
		public String outcome() {
			return "changed";
		}

	}

	/**
	 * The round failed before it wrote anything; the link backs off.
	 *
	 * @param state UNAVAILABLE or IN_ERROR
	 * @param reason what went wrong, without secrets
	 * @param interval the link's {@code consumer.offset.sync.ms}, the base of the
	 * back-off
	 */
	record Failed(TaskState state, String reason, Duration interval) implements ReconcileResult {

		@Override
		public String outcome() {
			return "failed";
		}

	}

	/**
	 * Another sync of the link held its lock (the worker's final sync, or another
	 * instance during a rebalance): tried again shortly.
	 */
	record Busy() implements ReconcileResult {

		@Override
		public String outcome() {
			return "busy";
		}

	}

	/**
	 * Nothing to do: the link is paused or does not sync consumer offsets.
	 *
	 * @param state PAUSED or NOT_CONFIGURED
	 * @param reason why
	 */
	record Idle(TaskState state, String reason) implements ReconcileResult {

		@Override
		public String outcome() {
			return "idle";
		}

	}

	/** The link was deleted. */
	record Gone() implements ReconcileResult {

		@Override
		public String outcome() {
			return "gone";
		}

	}

}
