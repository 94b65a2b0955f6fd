package dev.clusterlink.acl;

import org.apache.kafka.common.acl.AclBinding;

/**
 * A source ACL that the filters select but the link's mode does not copy.
 *
 * @param source the source ACL
 * @param reason why it is not copied
 */
public record SkippedAcl(AclBinding source, String reason) {
}
