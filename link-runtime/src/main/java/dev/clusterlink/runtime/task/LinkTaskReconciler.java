package dev.clusterlink.runtime.task;

import dev.clusterlink.store.LinkRow;

/**
 * What a sync service plugs into the {@link LinkTaskLoop}: one round of one link
 * (DESIGN.md §3). The runtime reads the link again from the state store for every round
 * (a deleted link is forgotten, a paused one is left alone) and the round reconciles all
 * of it (desired → actual → diff → apply → remember), so a lost, repeated or reordered
 * command changes nothing. The runtime calls it for one link at a time and owns
 * everything else: ownership, scheduling, back-off, the task status and the round
 * metrics.
 */
@FunctionalInterface
public interface LinkTaskReconciler {

	/**
	 * One round of one link. May throw: the runtime records an unexpected exception as a
	 * failed round of this link only ({@link TaskState#IN_ERROR}), which backs off like
	 * any other.
	 * @param round the link and its meters
	 * @return what the round came to
	 */
	RoundResult reconcile(LinkRound round);

	/**
	 * The link a round is for, as the state store has it now (not paused), and the
	 * service's own per-link meters (removed with the link's others when it moves to
	 * another instance).
	 *
	 * @param link the link, read at the start of the round
	 * @param meters the link's meters under the service's metric prefix
	 */
	record LinkRound(LinkRow link, LinkTaskMetrics.LinkMeters meters) {
	}

}
