package dev.clusterlink.linkmanager.mirror;

import java.util.List;

/**
 * The verifications a link-wide verify started, one per mirror.
 *
 * @param link the link
 * @param verifications one per mirror of the link, by mirror name
 */
public record VerificationsResponse(String link, List<VerificationResponse> verifications) {
}
