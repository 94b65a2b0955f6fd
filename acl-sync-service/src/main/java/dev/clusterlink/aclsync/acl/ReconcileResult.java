package dev.clusterlink.aclsync.acl;

import java.time.Duration;

/** What one ACL sync round of a link came to. */
sealed interface ReconcileResult {

	/** The outcome tag of the round metrics. */
	String outcome();

	/**
	 * The destination and the ledger were in step already.
	 *
	 * @param interval the link's {@code acl.sync.ms}
	 */
	record Noop(Duration interval) implements ReconcileResult {

		@Override
		public String outcome() {
			return "noop";
		}

	}

	/**
	 * The round changed the destination or the ledger.
	 *
	 * @param added ACLs created (and audited)
	 * @param deleted ACLs deleted (and audited)
	 * @param interval the link's {@code acl.sync.ms}
	 */
	record Changed(int added, int deleted, Duration interval) implements ReconcileResult {

		@Override
		public String outcome() {
			return "changed";
		}

	}

	/**
	 * The round failed, maybe after some changes; the link backs off.
	 *
	 * @param state UNAVAILABLE or IN_ERROR
	 * @param reason what went wrong, without secrets
	 * @param added ACLs created before the failure
	 * @param deleted ACLs deleted before the failure
	 * @param interval the link's {@code acl.sync.ms}, the base of the back-off
	 */
	record Failed(TaskState state, String reason, int added, int deleted,
			Duration interval) implements ReconcileResult {

		@Override
		public String outcome() {
			return "failed";
		}

	}

	/**
	 * Nothing to do: the link is paused or does not sync ACLs.
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
