package dev.clusterlink.linkmanager.cutover;

import java.util.List;

/**
 * The fences a call lifted.
 *
 * @param link the link
 * @param removed the DENY WRITE ACLs deleted from the source
 */
public record UnfenceResponse(String link, List<CutoverResponse.FenceAcl> removed) {
}
