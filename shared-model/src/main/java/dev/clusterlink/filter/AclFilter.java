package dev.clusterlink.filter;

import java.util.Objects;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;

/**
 * One entry of Confluent's {@code aclFilters} JSON: a resource filter and an access
 * filter. A {@code null} name, principal or host and the {@code ANY} values match
 * everything.
 *
 * @param resourceType the resource type, or {@code ANY}
 * @param name the resource name, or {@code null} for any
 * @param patternType {@code LITERAL}, {@code PREFIXED}, {@code ANY} or {@code MATCH}, as
 * in Kafka's {@link ResourcePatternFilter}
 * @param principal e.g. {@code User:alice}, or {@code null} for any
 * @param host e.g. {@code *} (the ACL's wildcard host, literally), or {@code null} for
 * any
 * @param operation the operation, or {@code ANY}
 * @param permissionType {@code ALLOW}, {@code DENY} or {@code ANY}
 */
public record AclFilter(ResourceType resourceType, @Nullable String name, PatternType patternType,
		@Nullable String principal, @Nullable String host, AclOperation operation, AclPermissionType permissionType) {

	/** Matches every ACL. */
	public static final AclFilter ANY = new AclFilter(ResourceType.ANY, null, PatternType.ANY, null, null,
			AclOperation.ANY, AclPermissionType.ANY);

	public AclFilter {
		Objects.requireNonNull(resourceType, "resourceType");
		Objects.requireNonNull(patternType, "patternType");
		Objects.requireNonNull(operation, "operation");
		Objects.requireNonNull(permissionType, "permissionType");
	}

	/** This filter as Kafka's own filter type, for {@code Admin.describeAcls}. */
	public AclBindingFilter toKafka() {
		return new AclBindingFilter(new ResourcePatternFilter(this.resourceType, this.name, this.patternType),
				new AccessControlEntryFilter(this.principal, this.host, this.operation, this.permissionType));
	}

	/**
	 * Whether an ACL binding passes this filter.
	 * @param binding an ACL binding read from a cluster
	 * @return true when it matches
	 */
	public boolean matches(AclBinding binding) {
		return toKafka().matches(binding);
	}

}
