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
 * sync service and the link manager's dry run use exactly this code, with the link's
 * mirrored topics read from the state store.
 *
 * <p>
 * Rules, applied to the source ACLs the link's {@code acl.filters} select:
 * <ul>
 * <li>{@link AclSyncMode#READ_REPLICA} cannot grant more than the source does, and only
 * on what the link mirrors. It copies an ACL only when all of these hold, and reports
 * every other selected ACL as skipped with the reason:
 * <ul>
 * <li>it is ALLOW (a DENY is never copied: the destination's DENYs are the operator's and
 * the link's own read-only guard's);</li>
 * <li>its pattern is LITERAL and not the wildcard {@code *} (PREFIXED and wildcard ACLs
 * would reach topics the link does not mirror);</li>
 * <li>it is a TOPIC ACL for READ or DESCRIBE (not WRITE, ALL, DESCRIBE_CONFIGS or
 * anything else) on a source topic the link mirrors; it is copied onto that mirror's
 * topic (the link prefix plus the source name, unless the mirror was given another
 * name);</li>
 * <li>or, with {@code acl.sync.include.groups=true}, a GROUP ACL for READ, under the
 * group's own name (offset sync keeps group names);</li>
 * <li>no source DENY could apply to the same principal (or {@code User:*}), from any
 * host, for the same resource through a LITERAL, PREFIXED or wildcard pattern, for the
 * same operation, ALL, or (for READ, which implies DESCRIBE) DESCRIBE: since DENY is not
 * copied, the ALLOW alone would grant on the destination what the source denies. The
 * DENYs are read from the source whatever the filters select.</li>
 * </ul>
 * </li>
 * <li>{@link AclSyncMode#FULL}: every selected LITERAL or PREFIXED ACL, topic names
 * mapped through {@code cluster.link.prefix} ({@code orders} becomes
 * {@code <prefix>orders}, PREFIXED {@code pay.} becomes PREFIXED {@code <prefix>pay.},
 * the wildcard {@code *} becomes PREFIXED {@code <prefix>}); other resources keep their
 * names. Switching it on needs an admin who reviewed its diff (see the link
 * manager).</li>
 * </ul>
 * Principals and hosts are never changed: a principal name must mean the same identity on
 * both clusters.
 */
public final class AclTranslator {

	private static final String ANY_USER = "User:*";

	private AclTranslator() {
	}

	/**
	 * The destination ACLs a link wants.
	 * @param sourceAcls ACLs read from the source (those the filters do not select are
	 * not translated; source DENYs among them are all used to find shadowed ALLOWs)
	 * @param config the link's configs
	 * @param mirroredTopics the link's mirrors: source topic to mirror topic
	 * @return the desired ACLs and the skipped ones
	 */
	public static AclTranslation translate(Collection<AclBinding> sourceAcls, LinkConfig config,
			Map<String, String> mirroredTopics) {
		return translate(sourceAcls, config.aclFilters(), AclSyncMode.of(config), config.aclSyncIncludeGroups(),
				config.prefix(), mirroredTopics);
	}

	/**
	 * The destination ACLs a link wants.
	 * @param sourceAcls ACLs read from the source
	 * @param filters {@code acl.filters}
	 * @param mode {@code acl.sync.mode}
	 * @param includeGroups {@code acl.sync.include.groups}
	 * @param prefix {@code cluster.link.prefix}, may be empty
	 * @param mirroredTopics the link's mirrors: source topic to mirror topic
	 * (read-replica copies topic ACLs onto these only)
	 * @return the desired ACLs and the skipped ones
	 */
	public static AclTranslation translate(Collection<AclBinding> sourceAcls, AclFilters filters, AclSyncMode mode,
			boolean includeGroups, String prefix, Map<String, String> mirroredTopics) {
		List<AclBinding> sorted = sourceAcls.stream().distinct().sorted(AclBindings.ORDER).toList();
		List<AclBinding> denies = sorted.stream()
			.filter((acl) -> acl.entry().permissionType() == AclPermissionType.DENY)
			.toList();
		Map<AclBinding, DesiredAcl> desired = new LinkedHashMap<>();
		List<SkippedAcl> skipped = new ArrayList<>();
		for (AclBinding source : sorted) {
			if (!filters.matches(source)) {
				continue;
			}
			Translated translated = switch (mode) {
				case READ_REPLICA -> readReplica(source, includeGroups, mirroredTopics, denies);
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

	private static Translated readReplica(AclBinding source, boolean includeGroups, Map<String, String> mirroredTopics,
			List<AclBinding> denies) {
		ResourcePattern pattern = source.pattern();
		AclOperation operation = source.entry().operation();
		if (source.entry().permissionType() != AclPermissionType.ALLOW) {
			return Translated.skip(source.entry().permissionType() + " is not copied in read-replica mode: it copies "
					+ "ALLOW READ and DESCRIBE only");
		}
		if (pattern.patternType() != PatternType.LITERAL) {
			return Translated.skip(pattern.patternType() + " patterns are not copied in read-replica mode: they could "
					+ "reach topics the link does not mirror");
		}
		if (isWildcard(pattern)) {
			return Translated.skip("the wildcard '*' is not copied in read-replica mode: it would reach every "
					+ "destination " + pattern.resourceType().name().toLowerCase(java.util.Locale.ROOT));
		}
		return switch (pattern.resourceType()) {
			case TOPIC -> readReplicaTopic(source, operation, mirroredTopics, denies);
			case GROUP -> readReplicaGroup(source, operation, includeGroups, denies);
			default -> Translated.skip(pattern.resourceType() + " ACLs are copied only with acl.sync.mode=full");
		};
	}

	private static Translated readReplicaTopic(AclBinding source, AclOperation operation,
			Map<String, String> mirroredTopics, List<AclBinding> denies) {
		if (operation != AclOperation.READ && operation != AclOperation.DESCRIBE) {
			return Translated.skip("ALLOW " + operation + " is not copied in read-replica mode: mirror topics stay "
					+ "read-only (only READ and DESCRIBE are copied)");
		}
		String mirror = mirroredTopics.get(source.pattern().name());
		if (mirror == null) {
			return Translated.skip("topic '" + source.pattern().name() + "' is not mirrored by this link");
		}
		AclBinding shadow = denyingAcl(source, denies);
		if (shadow != null) {
			return Translated.skip(shadowed(shadow));
		}
		AclBinding mapped = AclBindings.withPattern(source, mirror, PatternType.LITERAL);
		return Translated.of(new DesiredAcl(mapped, source, "copied"));
	}

	private static Translated readReplicaGroup(AclBinding source, AclOperation operation, boolean includeGroups,
			List<AclBinding> denies) {
		if (!includeGroups) {
			return Translated.skip("group ACLs are copied only with acl.sync.include.groups=true");
		}
		if (operation != AclOperation.READ) {
			return Translated.skip("read-replica copies group READ ACLs only, not " + operation);
		}
		AclBinding shadow = denyingAcl(source, denies);
		if (shadow != null) {
			return Translated.skip(shadowed(shadow));
		}
		return Translated.of(new DesiredAcl(source, source, "group READ copied"));
	}

	/**
	 * A source DENY that could apply where the ALLOW does: same resource type, a pattern
	 * that matches the resource name, the same principal or {@code User:*} (any principal
	 * when the ALLOW is for {@code User:*}), any host, and an operation that takes away
	 * what the ALLOW gives.
	 */
	static @Nullable AclBinding denyingAcl(AclBinding allow, Collection<AclBinding> denies) {
		String resource = allow.pattern().name();
		String principal = allow.entry().principal();
		Set<AclOperation> denying = (allow.entry().operation() == AclOperation.READ)
				? Set.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.ALL)
				: Set.of(allow.entry().operation(), AclOperation.ALL);
		for (AclBinding deny : denies) {
			if (deny.entry().permissionType() != AclPermissionType.DENY
					|| deny.pattern().resourceType() != allow.pattern().resourceType()) {
				continue;
			}
			// an ALLOW for User:* is taken away from anyone a DENY names
			boolean principalMatches = deny.entry().principal().equals(principal)
					|| deny.entry().principal().equals(ANY_USER) || principal.equals(ANY_USER);
			if (principalMatches && denying.contains(deny.entry().operation())
					&& patternMatches(deny.pattern(), resource)) {
				return deny;
			}
		}
		return null;
	}

	private static boolean patternMatches(ResourcePattern pattern, String name) {
		return switch (pattern.patternType()) {
			case LITERAL -> pattern.name().equals(name) || pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE);
			case PREFIXED -> name.startsWith(pattern.name());
			default -> true; // an unknown pattern type: assume it could match
		};
	}

	private static String shadowed(AclBinding deny) {
		return "a source DENY could apply to the same principal (" + AclBindings.describe(deny)
				+ "); read-replica does not copy DENY, so the ALLOW alone would grant more on the destination";
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
	 * itself, PREFIXED (full mode).
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
