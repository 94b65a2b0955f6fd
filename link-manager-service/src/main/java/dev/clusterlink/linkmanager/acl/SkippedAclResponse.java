package dev.clusterlink.linkmanager.acl;

import dev.clusterlink.acl.SkippedAcl;

/**
 * A source ACL the filters select but the link's mode does not copy.
 *
 * @param resourceType e.g. {@code TOPIC}
 * @param resourceName the source resource name
 * @param patternType {@code LITERAL} or {@code PREFIXED}
 * @param principal e.g. {@code User:bob}
 * @param host e.g. {@code *}
 * @param operation e.g. {@code WRITE}
 * @param permissionType {@code ALLOW} or {@code DENY}
 * @param reason why it is not copied
 */
record SkippedAclResponse(String resourceType, String resourceName, String patternType, String principal, String host,
		String operation, String permissionType, String reason) {

	static SkippedAclResponse of(SkippedAcl skipped) {
		AclEntryResponse entry = AclEntryResponse.of(skipped.source());
		return new SkippedAclResponse(entry.resourceType(), entry.resourceName(), entry.patternType(),
				entry.principal(), entry.host(), entry.operation(), entry.permissionType(), skipped.reason());
	}

}
