package dev.clusterlink.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.filter.AclFilters;
import dev.clusterlink.filter.FilterJson;
import dev.clusterlink.filter.NameFilters;

/**
 * A link's effective configs, typed. Built from the configs stored for the link, which
 * were validated by {@link LinkConfigs#normalize(Map)} on the way in. Numbers are always
 * within their range ({@link LinkConfigDef#min()} to {@link LinkConfigDef#max()}): a
 * stored value from before a bound existed is clamped to it (and logged once), so an
 * interval never overflows when a service turns it into nanoseconds or adds it to a
 * clock.
 *
 * @param prefix {@code cluster.link.prefix}
 * @param startOffset {@code mirror.start.offset.spec}
 * @param autoCreateMirrors {@code auto.create.mirror.topics.enable}
 * @param autoCreateFilters {@code auto.create.mirror.topics.filters}
 * @param consumerOffsetSync {@code consumer.offset.sync.enable}
 * @param consumerOffsetSyncInterval {@code consumer.offset.sync.ms}
 * @param groupFilters {@code consumer.offset.group.filters}
 * @param offsetSyncAllowBackwards {@code consumer.offset.sync.allow.backwards}
 * @param aclSync {@code acl.sync.enable}
 * @param aclSyncInterval {@code acl.sync.ms}
 * @param aclFilters {@code acl.filters}
 * @param aclSyncMode {@code acl.sync.mode}: {@code read-replica} or {@code full}
 * @param aclSyncIncludeGroups {@code acl.sync.include.groups}
 * @param aclSyncDelete {@code acl.sync.delete.enable}
 * @param topicConfigSyncInterval {@code topic.config.sync.ms}
 * @param topicConfigSyncExclude {@code topic.config.sync.exclude}
 * @param gapFillMaxRecords {@code mirror.gap.fill.max.records}
 * @param promoteTimeout {@code mirror.promote.timeout.ms}
 * @param skipDataLoss {@code mirror.data.loss.policy} is {@code skip}
 * @param denyWritePrincipals {@code mirror.deny.write.principals}
 */
public record LinkConfig(String prefix, StartOffsetSpec startOffset, boolean autoCreateMirrors,
		NameFilters autoCreateFilters, boolean consumerOffsetSync, Duration consumerOffsetSyncInterval,
		NameFilters groupFilters, boolean offsetSyncAllowBackwards, boolean aclSync, Duration aclSyncInterval,
		AclFilters aclFilters, String aclSyncMode, boolean aclSyncIncludeGroups, boolean aclSyncDelete,
		Duration topicConfigSyncInterval, Set<String> topicConfigSyncExclude, long gapFillMaxRecords,
		Duration promoteTimeout, boolean skipDataLoss, List<String> denyWritePrincipals) {

	/**
	 * The typed view of stored configs.
	 * @param explicit the configs the link sets (defaults fill the rest)
	 * @return the typed configs
	 */
	public static LinkConfig of(Map<String, String> explicit) {
		return new LinkConfig(text(LinkConfigs.CLUSTER_LINK_PREFIX, explicit),
				StartOffsetSpec.parse(text(LinkConfigs.MIRROR_START_OFFSET_SPEC, explicit)),
				bool(LinkConfigs.AUTO_CREATE_MIRROR_TOPICS_ENABLE, explicit),
				FilterJson.parseNameFilters(text(LinkConfigs.AUTO_CREATE_MIRROR_TOPICS_FILTERS, explicit),
						FilterJson.TOPIC_FILTERS),
				bool(LinkConfigs.CONSUMER_OFFSET_SYNC_ENABLE, explicit),
				millis(LinkConfigs.CONSUMER_OFFSET_SYNC_MS, explicit),
				FilterJson.parseNameFilters(text(LinkConfigs.CONSUMER_OFFSET_GROUP_FILTERS, explicit),
						FilterJson.GROUP_FILTERS),
				bool(LinkConfigs.CONSUMER_OFFSET_SYNC_ALLOW_BACKWARDS, explicit),
				bool(LinkConfigs.ACL_SYNC_ENABLE, explicit), millis(LinkConfigs.ACL_SYNC_MS, explicit),
				FilterJson.parseAclFilters(text(LinkConfigs.ACL_FILTERS, explicit)),
				text(LinkConfigs.ACL_SYNC_MODE, explicit), bool(LinkConfigs.ACL_SYNC_INCLUDE_GROUPS, explicit),
				bool(LinkConfigs.ACL_SYNC_DELETE_ENABLE, explicit), millis(LinkConfigs.TOPIC_CONFIG_SYNC_MS, explicit),
				Set.copyOf(list(LinkConfigs.TOPIC_CONFIG_SYNC_EXCLUDE, explicit)),
				LinkConfigs.number(LinkConfigs.MIRROR_GAP_FILL_MAX_RECORDS, explicit),
				millis(LinkConfigs.MIRROR_PROMOTE_TIMEOUT_MS, explicit),
				text(LinkConfigs.MIRROR_DATA_LOSS_POLICY, explicit).equals("skip"),
				list(LinkConfigs.MIRROR_DENY_WRITE_PRINCIPALS, explicit));
	}

	/**
	 * Whether ACL sync runs in the full (disaster recovery) mode rather than
	 * read-replica.
	 */
	public boolean fullAclSync() {
		return this.aclSyncMode.equals("full");
	}

	/**
	 * The mirror topic name for a source topic under this link's prefix.
	 * @param sourceTopic the source topic
	 * @return {@code prefix + sourceTopic}
	 */
	public String mirrorTopicFor(String sourceTopic) {
		return this.prefix + sourceTopic;
	}

	private static String text(LinkConfigDef def, Map<String, String> explicit) {
		return LinkConfigs.valueOf(def, explicit);
	}

	private static List<String> list(LinkConfigDef def, Map<String, String> explicit) {
		String value = text(def, explicit);
		return value.isEmpty() ? List.of() : List.of(value.split(","));
	}

	private static boolean bool(LinkConfigDef def, Map<String, String> explicit) {
		return Boolean.parseBoolean(text(def, explicit));
	}

	private static Duration millis(LinkConfigDef def, Map<String, String> explicit) {
		return Duration.ofMillis(LinkConfigs.number(def, explicit));
	}

}
