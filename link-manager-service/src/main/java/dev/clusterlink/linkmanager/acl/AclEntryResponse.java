package dev.clusterlink.linkmanager.acl;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.DesiredAcl;
import org.apache.kafka.common.acl.AclBinding;
import org.jspecify.annotations.Nullable;

/**
 * One destination ACL of a diff.
 *
 * @param resourceType e.g. {@code TOPIC}
 * @param resourceName e.g. {@code dr.orders}
 * @param patternType {@code LITERAL} or {@code PREFIXED}
 * @param principal e.g. {@code User:alice}
 * @param host e.g. {@code *}
 * @param operation e.g. {@code READ}
 * @param permissionType {@code ALLOW} or {@code DENY}
 * @param rule for additions: the rule that produces it
 * @param source for additions: the source ACL it comes from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AclEntryResponse(String resourceType, String resourceName, String patternType, String principal, String host,
		String operation, String permissionType, @Nullable String rule, @Nullable String source) {

	static AclEntryResponse of(AclBinding binding) {
		Map<String, Object> fields = AclBindings.fields(binding);
		return new AclEntryResponse((String) fields.get("resourceType"), (String) fields.get("resourceName"),
				(String) fields.get("patternType"), (String) fields.get("principal"), (String) fields.get("host"),
				(String) fields.get("operation"), (String) fields.get("permissionType"), null, null);
	}

	static AclEntryResponse of(DesiredAcl acl) {
		AclEntryResponse entry = of(acl.binding());
		return new AclEntryResponse(entry.resourceType(), entry.resourceName(), entry.patternType(), entry.principal(),
				entry.host(), entry.operation(), entry.permissionType(), acl.rule(),
				AclBindings.describe(acl.source()));
	}

}
