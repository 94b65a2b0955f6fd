package dev.clusterlink.linkmanager.acl;

import dev.clusterlink.linkmanager.web.PageResponse;

/**
 * The destination ACLs a link created (its ledger): the only ACLs ACL sync may ever
 * delete.
 *
 * @param link the link name
 * @param syncEnabled {@code acl.sync.enable}
 * @param mode {@code acl.sync.mode}
 * @param deleteEnabled {@code acl.sync.delete.enable}
 * @param acls one page of the ACLs, in a stable order
 */
record LinkAclsResponse(String link, boolean syncEnabled, String mode, boolean deleteEnabled,
		PageResponse<OwnedAclResponse> acls) {
}
