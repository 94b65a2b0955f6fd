package dev.clusterlink.linkmanager.link;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the ACL feature checks and does when links and mirrors change (DESIGN.md §7), seen
 * from the link and mirror features without depending on the ACL feature.
 */
public interface LinkAclGuard {

	/**
	 * Refuses a config change that turns full ACL sync on (or changes what it copies)
	 * unless the caller reviewed its ACL changes: the token from {@code POST
	 * /links/{link}/acls/diff} must match the diff those configs give now. Nothing is
	 * checked when the new configs do not sync in full mode.
	 * @param link the link before the change, or {@code null} when it is being created
	 * @param linkName the link's name
	 * @param before the configs before the change ({@code {}} for a new link)
	 * @param after the configs after the change
	 * @param reviewToken the {@code Acl-Diff-Token} header, if sent
	 * @throws dev.clusterlink.linkmanager.web.ApiException {@code acl-diff-not-reviewed}
	 * or {@code acl-diff-changed}, audited as a refused change
	 */
	void checkReviewed(@Nullable LinkView link, String linkName, Map<String, String> before, Map<String, String> after,
			@Nullable String reviewToken);

	/**
	 * Removes from the destination the ACLs a link created (its ledger) and the DENY
	 * WRITE ACLs its mirrors got, each audited; called before the link is deleted.
	 * @param link the link
	 * @return how many ACLs were removed
	 * @throws dev.clusterlink.linkmanager.cluster.ClusterUnavailableException when the
	 * destination cannot remove them (the link is then not deleted)
	 */
	int removeLinkAcls(LinkView link);

	/**
	 * Removes from the destination the ACLs a link created on one mirror topic and the
	 * DENY WRITE ACLs the mirror got, each audited; called before the mirror is deleted.
	 * @param link the mirror's link
	 * @param mirrorId the mirror
	 * @param mirrorTopic the mirror topic on the destination
	 * @return how many ACLs were removed
	 * @throws dev.clusterlink.linkmanager.cluster.ClusterUnavailableException when the
	 * destination cannot remove them (the mirror is then not deleted)
	 */
	int removeMirrorAcls(LinkView link, java.util.UUID mirrorId, String mirrorTopic);

}
