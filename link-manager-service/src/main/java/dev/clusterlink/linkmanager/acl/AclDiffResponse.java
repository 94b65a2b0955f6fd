package dev.clusterlink.linkmanager.acl;

import java.util.List;

/**
 * What the next ACL sync round of a link would do, computed now by the same code the ACL
 * sync service runs; nothing is changed. With {@code acl.sync.enable=false} it shows what
 * the first round would do once enabled.
 *
 * @param link the link name
 * @param syncEnabled {@code acl.sync.enable}
 * @param mode {@code acl.sync.mode}
 * @param deleteEnabled {@code acl.sync.delete.enable}
 * @param toAdd ACLs the round would create on the destination, with the rule and source
 * ACL behind each
 * @param toDelete ACLs the link created that the round would delete (vanished at the
 * source, deletion enabled)
 * @param keptStale ACLs the link created that vanished at the source but stay because
 * deletion is off
 * @param toConfirm ACLs of an interrupted round that exist on the destination: the round
 * records and audits them as added
 * @param toForget ACLs in the link's ledger that are neither on the destination nor
 * wanted: the round drops them from the ledger (nothing changes on the destination)
 * @param skipped source ACLs the filters select but the mode does not copy, with the
 * reason
 * @param unchanged desired ACLs the destination has already
 * @param reviewToken a digest of the ACL changes shown ({@code toAdd}, {@code toDelete})
 * and the link: sent back in the {@code Acl-Diff-Token} header, it lets an admin make a
 * config change that turns full ACL sync on, as long as the change still gives these ACL
 * changes
 */
record AclDiffResponse(String link, boolean syncEnabled, String mode, boolean deleteEnabled,
		List<AclEntryResponse> toAdd, List<AclEntryResponse> toDelete, List<AclEntryResponse> keptStale,
		List<AclEntryResponse> toConfirm, List<AclEntryResponse> toForget, List<SkippedAclResponse> skipped,
		int unchanged, String reviewToken) {
}
