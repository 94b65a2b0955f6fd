package dev.clusterlink.linkmanager.acl;

import java.time.Instant;

import dev.clusterlink.acl.OwnedAcl;
import org.jspecify.annotations.Nullable;

/**
 * A destination ACL the link created.
 *
 * @param resourceType e.g. {@code TOPIC}
 * @param resourceName e.g. {@code dr.orders}
 * @param patternType {@code LITERAL} or {@code PREFIXED}
 * @param principal e.g. {@code User:alice}
 * @param host e.g. {@code *}
 * @param operation e.g. {@code READ}
 * @param permissionType {@code ALLOW} or {@code DENY}
 * @param state {@code CREATED}, or {@code PENDING} while a creation is being confirmed
 * @param createdAt when the link decided to create it
 * @param confirmedAt when the creation was confirmed
 * @param rule why: the rule that produced it, e.g. {@code copied} or
 * {@code copied (full mode)}
 * @param source why: the source ACL it came from
 */
record OwnedAclResponse(String resourceType, String resourceName, String patternType, String principal, String host,
		String operation, String permissionType, String state, Instant createdAt, @Nullable Instant confirmedAt,
		String rule, String source) {

	static OwnedAclResponse of(OwnedAcl owned) {
		AclEntryResponse entry = AclEntryResponse.of(owned.binding());
		return new OwnedAclResponse(entry.resourceType(), entry.resourceName(), entry.patternType(), entry.principal(),
				entry.host(), entry.operation(), entry.permissionType(), owned.state().name(), owned.createdAt(),
				owned.confirmedAt(), owned.rule(), owned.source());
	}

}
