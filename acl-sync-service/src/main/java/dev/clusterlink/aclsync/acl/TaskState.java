package dev.clusterlink.aclsync.acl;

/**
 * The states of the {@code AclSync} link task, as {@code GET /api/v1/links/{link}} shows
 * them.
 */
enum TaskState {

	/** Rounds succeed. */
	ACTIVE,
	/** A round failed for a reason an operator must look at (e.g. an ACL refused). */
	IN_ERROR,
	/**
	 * A cluster cannot serve ACL sync: no authorizer, the link's principal may not read
	 * or write ACLs, or the cluster does not answer.
	 */
	UNAVAILABLE,
	/** {@code acl.sync.enable} is off. */
	NOT_CONFIGURED,
	/** The link is paused. */
	PAUSED

}
