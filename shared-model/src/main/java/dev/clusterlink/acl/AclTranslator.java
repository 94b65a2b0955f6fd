package dev.clusterlink.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.filter.AclFilters;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;

/**
 * Turns source ACLs into the destination ACLs a link wants (DESIGN.md §7). Pure: the ACL
 * sync service and the link manager's dry run use exactly this code.
 *
 * <p>
 * Rules, applied to the source ACLs the link's {@code acl.filters} select:
 * <ul>
 * <li>Only LITERAL and PREFIXED patterns exist on a cluster; anything else is
 * skipped.</li>
 * <li>Topic names are mapped through {@code cluster.link.prefix}: {@code orders} becomes
 * {@code <prefix>orders}, a PREFIXED {@code pay.} becomes PREFIXED {@code <prefix>pay.},
 * and the LITERAL wildcard {@code *} becomes PREFIXED {@code <prefix>}, i.e. every mirror
 * of the link and nothing else. Groups and other resources keep their names: consumer
 * groups are synced under their own names (offset sync does the same).</li>
 * <li>{@link AclSyncMode#READ_REPLICA}: topic ACLs only. DENY is kept as it is. ALLOW
 * READ, DESCRIBE and DESCRIBE_CONFIGS are copied, ALLOW ALL becomes ALLOW READ plus ALLOW
 * DESCRIBE, every other ALLOW (WRITE first of all, but also CREATE, DELETE, ALTER,
 * ALTER_CONFIGS) is dropped, so that nobody but the link writes to or reshapes a mirror.
 * Group READ ACLs are copied when {@code acl.sync.include.groups=true}. A wildcard
 * without a prefix would reach every destination topic rather than the mirrors, so it is
 * skipped.</li>
 * <li>{@link AclSyncMode#FULL}: every selected ACL, with the name mapping above.</li>
 * </ul>
 * Principals and hosts are never changed: a principal name must mean the same identity on
 * both clusters.
 */
public final class AclTranslator {

	private static final Set<AclOperation> READ_ONLY_OPERATIONS = Set.of(AclOperation.READ, AclOperation.DESCRIBE,
			AclOperation.DESCRIBE_CONFIGS);

	private static final String WILDCARD_WITHOUT_PREFIX = "a wildcard ACL would apply to every destination "
			+ "topic or group, not only the link's; read-replica copies it only when the link has a cluster.link.prefix";

	private AclTranslator() {
	}

	/**
	 * The destination ACLs a link wants.
	 * @param sourceAcls ACLs read from the source (those the filters do not select are
	 * ignored)
	 * @param config the link's configs
	 * @return the desired ACLs and the skipped ones
	 */
	public static AclTranslation translate(Collection<AclBinding> sourceAcls, LinkConfig config) {
		return translate(sourceAcls, config.aclFilters(), AclSyncMode.of(config), config.aclSyncIncludeGroups(),
				config.prefix());
	}

	/**
	 * The destination ACLs a link wants.
	 * @param sourceAcls ACLs read from the source
	 * @param filters {@code acl.filters}
	 * @param mode {@code acl.sync.mode}
	 * @param includeGroups {@code acl.sync.include.groups}
	 * @param prefix {@code cluster.link.prefix}, may be empty
	 * @return the desired ACLs and the skipped ones
	 */
	public static AclTranslation translate(Collection<AclBinding> sourceAcls, AclFilters filters, AclSyncMode mode,
			boolean includeGroups, String prefix) {
		Map<AclBinding, DesiredAcl> desired = new LinkedHashMap<>();
		List<SkippedAcl> skipped = new ArrayList<>();
		for (AclBinding source : sourceAcls.stream().distinct().sorted(AclBindings.ORDER).toList()) {
			if (!filters.matches(source)) {
				continue;
			}
			Translated translated = switch (mode) {
				case READ_REPLICA -> readReplica(source, includeGroups, prefix);
				case FULL -> full(source, prefix);
			};
			if (translated.skipReason() != null) {
				skipped.add(new SkippedAcl(source, translated.skipReason()));
			}
			// several source ACLs may map to one destination ACL: the first (in order)
			// explains it
			translated.acls().forEach((acl) -> desired.putIfAbsent(acl.binding(), acl));
		}
		List<DesiredAcl> ordered = desired.values()
			.stream()
			.sorted((a, b) -> AclBindings.ORDER.compare(a.binding(), b.binding()))
			.toList();
		return new AclTranslation(ordered, skipped);
	}

	private static Translated readReplica(AclBinding source, boolean includeGroups, String prefix) {
		ResourcePattern pattern = source.pattern();
		if (!isConcretePattern(pattern)) {
			return Translated.skip("pattern type " + pattern.patternType() + " is not synced");
		}
		return switch (pattern.resourceType()) {
			case TOPIC -> readReplicaTopic(source, prefix);
			case GROUP -> includeGroups ? readReplicaGroup(source, prefix)
					: Translated.skip("group ACLs are copied only with acl.sync.include.groups=true");
			default -> Translated.skip(pattern.resourceType() + " ACLs are copied only with acl.sync.mode=full");
		};
	}

	private static Translated readReplicaTopic(AclBinding source, String prefix) {
		if (isWildcard(source.pattern()) && prefix.isEmpty()) {
			return Translated.skip(WILDCARD_WITHOUT_PREFIX);
		}
		AclBinding mapped = mapName(source, prefix);
		AclOperation operation = source.entry().operation();
		if (source.entry().permissionType() == AclPermissionType.DENY) {
			return Translated.of(new DesiredAcl(mapped, source, rule("DENY copied", source, mapped)));
		}
		if (operation == AclOperation.ALL) {
			return Translated.of(
					new DesiredAcl(AclBindings.withOperation(mapped, AclOperation.READ), source,
							rule("ALLOW ALL narrowed to READ", source, mapped)),
					new DesiredAcl(AclBindings.withOperation(mapped, AclOperation.DESCRIBE), source,
							rule("ALLOW ALL narrowed to DESCRIBE", source, mapped)));
		}
		if (READ_ONLY_OPERATIONS.contains(operation)) {
			return Translated.of(new DesiredAcl(mapped, source, rule("copied", source, mapped)));
		}
		return Translated.skip("ALLOW " + operation + " dropped: read-replica keeps mirror topics read-only "
				+ "(only READ, DESCRIBE and DESCRIBE_CONFIGS are copied)");
	}

	private static Translated readReplicaGroup(AclBinding source, String prefix) {
		if (source.entry().operation() != AclOperation.READ) {
			return Translated.skip("read-replica copies group READ ACLs only, not " + source.entry().operation());
		}
		AclBinding mapped = mapName(source, prefix);
		return Translated.of(new DesiredAcl(mapped, source, rule("group READ copied", source, mapped)));
	}

	private static Translated full(AclBinding source, String prefix) {
		if (!isConcretePattern(source.pattern())) {
			return Translated.skip("pattern type " + source.pattern().patternType() + " is not synced");
		}
		AclBinding mapped = mapName(source, prefix);
		return Translated.of(new DesiredAcl(mapped, source, rule("copied (full mode)", source, mapped)));
	}

	/**
	 * Topic names under the link's prefix; the LITERAL wildcard becomes the prefix
	 * itself, PREFIXED.
	 */
	static AclBinding mapName(AclBinding source, String prefix) {
		ResourcePattern pattern = source.pattern();
		boolean prefixed = pattern.resourceType() == ResourceType.TOPIC;
		if (!prefixed || prefix.isEmpty()) {
			return source;
		}
		if (isWildcard(pattern)) {
			return AclBindings.withPattern(source, prefix, PatternType.PREFIXED);
		}
		return AclBindings.withPattern(source, prefix + pattern.name(), pattern.patternType());
	}

	private static String rule(String what, AclBinding source, AclBinding mapped) {
		if (isWildcard(source.pattern()) && !mapped.pattern().equals(source.pattern())) {
			return what + "; wildcard limited to the link prefix";
		}
		return what;
	}

	private static boolean isConcretePattern(ResourcePattern pattern) {
		return pattern.patternType() == PatternType.LITERAL || pattern.patternType() == PatternType.PREFIXED;
	}

	private static boolean isWildcard(ResourcePattern pattern) {
		return pattern.patternType() == PatternType.LITERAL && ResourcePattern.WILDCARD_RESOURCE.equals(pattern.name());
	}

	private record Translated(List<DesiredAcl> acls, @Nullable String skipReason) {

		static Translated of(DesiredAcl... acls) {
			return new Translated(List.of(acls), null);
		}

		static Translated skip(String reason) {
			return new Translated(List.of(), reason);
		}

	}

}
