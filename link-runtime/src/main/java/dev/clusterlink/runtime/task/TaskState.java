package dev.clusterlink.runtime.task;

/**
 * The states of a link task (table {@code link_tasks}), as {@code GET
 * /api/v1/links/{link}} shows them; the same for every sync service.
 */
public enum TaskState {

	/** Rounds succeed (what a round skipped for a reason is shown in its own place). */
	ACTIVE,
	/** A round failed for a reason an operator must look at (e.g. a refused write). */
	IN_ERROR,
	/**
	 * A cluster cannot serve the task: it does not answer, refuses the credentials, has
	 * no authorizer, or the link's principal lacks a permission the task needs.
	 */
	UNAVAILABLE,
	/** The link does not enable the task (e.g. {@code acl.sync.enable} is off). */
	NOT_CONFIGURED,
	/** The link is paused. */
	PAUSED

}
