package dev.clusterlink.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.clusterlink.filter.FilterJson;
import dev.clusterlink.filter.InvalidFilterException;
import dev.clusterlink.model.Names;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of link configs: names, defaults and validation. Names follow Confluent
 * Cluster Linking so that existing link property files carry over; unknown keys are
 * rejected by name.
 */
public final class LinkConfigs {

	/**
	 * The longest interval of the sync configs ({@code consumer.offset.sync.ms},
	 * {@code acl.sync.ms}, {@code topic.config.sync.ms}): one hour. A sync that runs less
	 * often than hourly no longer keeps the destination in step (consumers would re-read
	 * up to that long after a failover, a revoked ACL would stay for that long); to stop
	 * a sync, disable it instead. In nanoseconds it is 3.6e12, far from
	 * {@code Long.MAX_VALUE} (9.2e18), so no service overflows converting it or adding it
	 * to a clock.
	 */
	public static final long MAX_SYNC_INTERVAL_MS = 3_600_000L;

	/**
	 * The longest {@code mirror.promote.timeout.ms}: 24 hours. A promotion that has not
	 * caught up within a day is not a cut-over any more; the mirror goes back to ACTIVE
	 * and the operator promotes again (or fails over). 8.64e13 ns, safe in nanosecond
	 * arithmetic.
	 */
	public static final long MAX_PROMOTE_TIMEOUT_MS = 86_400_000L;

	/**
	 * The largest {@code mirror.gap.fill.max.records}: one billion. The worker writes one
	 * placeholder record per missing offset when it sets a partition up, so a gap this
	 * large already takes hours to fill and as many records of destination storage; ten
	 * times the default is as far as filling makes sense (above it the partition is
	 * SHIFTED). It also keeps {@code start - end} sums far from overflowing.
	 */
	public static final long MAX_GAP_FILL_RECORDS = 1_000_000_000L;

	private static final Logger log = LoggerFactory.getLogger(LinkConfigs.class);

	/** The most (key, stored value) warnings remembered, so that each is logged once. */
	private static final int MAX_WARNINGS = 1_000;

	private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

	private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

	public static final LinkConfigDef CLUSTER_LINK_PREFIX = LinkConfigDef.of("cluster.link.prefix",
			ConfigType.TOPIC_PREFIX, "",
			"Prefix put before the source topic name to name its mirror topic (and before topic names in synced ACLs); fixed when the link is created.")
		.immutable();

	public static final LinkConfigDef MIRROR_START_OFFSET_SPEC = LinkConfigDef.of("mirror.start.offset.spec",
			ConfigType.START_OFFSET_SPEC, "earliest",
			"Where a new mirror starts copying: earliest, latest, or an ISO-8601 timestamp.");

	public static final LinkConfigDef AUTO_CREATE_MIRROR_TOPICS_ENABLE = LinkConfigDef.of(
			"auto.create.mirror.topics.enable", ConfigType.BOOLEAN, "false",
			"Create mirrors by themselves for source topics that auto.create.mirror.topics.filters selects.");

	public static final LinkConfigDef AUTO_CREATE_MIRROR_TOPICS_FILTERS = LinkConfigDef.of(
			"auto.create.mirror.topics.filters", ConfigType.TOPIC_FILTERS, "",
			"Confluent topicFilters JSON selecting the source topics to mirror automatically; none selects nothing.");

	public static final LinkConfigDef CONSUMER_OFFSET_SYNC_ENABLE = LinkConfigDef.of("consumer.offset.sync.enable",
			ConfigType.BOOLEAN, "false", "Sync consumer-group offsets of mirrored topics to the destination.");

	public static final LinkConfigDef CONSUMER_OFFSET_SYNC_MS = LinkConfigDef.between("consumer.offset.sync.ms", 30_000,
			1_000, MAX_SYNC_INTERVAL_MS, "Milliseconds between consumer-offset sync rounds.");

	public static final LinkConfigDef CONSUMER_OFFSET_GROUP_FILTERS = LinkConfigDef.of("consumer.offset.group.filters",
			ConfigType.GROUP_FILTERS, "",
			"Confluent groupFilters JSON selecting the consumer groups to sync; none selects nothing.");

	public static final LinkConfigDef ACL_SYNC_ENABLE = LinkConfigDef.of("acl.sync.enable", ConfigType.BOOLEAN, "false",
			"Sync ACLs selected by acl.filters from the source to the destination.");

	public static final LinkConfigDef ACL_SYNC_MS = LinkConfigDef.between("acl.sync.ms", 5_000, 1_000,
			MAX_SYNC_INTERVAL_MS, "Milliseconds between ACL sync rounds.");

	public static final LinkConfigDef ACL_FILTERS = LinkConfigDef.of("acl.filters", ConfigType.ACL_FILTERS, "",
			"Confluent aclFilters JSON selecting the source ACLs to sync; required when acl.sync.enable is true.");

	public static final LinkConfigDef TOPIC_CONFIG_SYNC_MS = LinkConfigDef.between("topic.config.sync.ms", 5_000, 1_000,
			MAX_SYNC_INTERVAL_MS, "Milliseconds between topic-config and partition-count syncs of each mirror.");

	public static final LinkConfigDef TOPIC_CONFIG_SYNC_EXCLUDE = LinkConfigDef.of("topic.config.sync.exclude",
			ConfigType.STRING_LIST, "",
			"Comma-separated source topic configs that are not copied to mirror topics (our own key).");

	public static final LinkConfigDef MIRROR_GAP_FILL_MAX_RECORDS = LinkConfigDef.between("mirror.gap.fill.max.records",
			100_000_000, 0, MAX_GAP_FILL_RECORDS,
			"Largest leading gap (source log start offset) filled with placeholders so that offsets stay IDENTICAL; above it the partition is SHIFTED (our own key).");

	public static final LinkConfigDef MIRROR_PROMOTE_TIMEOUT_MS = LinkConfigDef.between("mirror.promote.timeout.ms",
			300_000, 1_000, MAX_PROMOTE_TIMEOUT_MS,
			"How long a promotion waits for lag 0 before the mirror returns to ACTIVE with the reason (our own key).");

	public static final LinkConfigDef MIRROR_DATA_LOSS_POLICY = LinkConfigDef.oneOf("mirror.data.loss.policy", "fail",
			List.of("fail", "skip"),
			"When source retention deletes records not mirrored yet: fail (halt in DATA_LOSS) or skip them and record the loss (our own key).");

	public static final LinkConfigDef MIRROR_DENY_WRITE_PRINCIPALS = LinkConfigDef.of("mirror.deny.write.principals",
			ConfigType.STRING_LIST, "",
			"Comma-separated principals (e.g. User:app) that get a DENY WRITE ACL on every mirror topic until it is promoted or failed over (our own key).");

	public static final LinkConfigDef CONSUMER_OFFSET_SYNC_ALLOW_BACKWARDS = LinkConfigDef.of(
			"consumer.offset.sync.allow.backwards", ConfigType.BOOLEAN, "false",
			"Let offset sync move a destination group's offset backwards (e.g. after the source group was reset); off by default (our own key).");

	public static final LinkConfigDef ACL_SYNC_MODE = LinkConfigDef.oneOf("acl.sync.mode", "read-replica",
			List.of("read-replica", "full"),
			"read-replica: topic ACLs only, WRITE dropped, ALL turned into READ and DESCRIBE (as MirrorMaker 2); full: everything the filters select, for disaster recovery (our own key).");

	public static final LinkConfigDef ACL_SYNC_INCLUDE_GROUPS = LinkConfigDef.of("acl.sync.include.groups",
			ConfigType.BOOLEAN, "false", "In read-replica mode, also copy group READ ACLs (our own key).");

	public static final LinkConfigDef ACL_SYNC_DELETE_ENABLE = LinkConfigDef.of("acl.sync.delete.enable",
			ConfigType.BOOLEAN, "false",
			"Delete destination ACLs this link created when they vanish at the source; never touches other ACLs (our own key).");

	public static final LinkConfigDef LINK_MODE = LinkConfigDef.oneOf("link.mode", "UNIDIRECTIONAL",
			List.of("UNIDIRECTIONAL", "BIDIRECTIONAL"),
			"UNIDIRECTIONAL: mirrors flow from the source cluster to the destination; BIDIRECTIONAL: mirrors may flow either way between the two clusters (POST …/mirrors with direction=reverse), set at creation only.")
		.immutable();

	private static final Map<String, LinkConfigDef> DEFINITIONS = index(LINK_MODE, CLUSTER_LINK_PREFIX,
			MIRROR_START_OFFSET_SPEC, AUTO_CREATE_MIRROR_TOPICS_ENABLE, AUTO_CREATE_MIRROR_TOPICS_FILTERS,
			CONSUMER_OFFSET_SYNC_ENABLE, CONSUMER_OFFSET_SYNC_MS, CONSUMER_OFFSET_GROUP_FILTERS,
			CONSUMER_OFFSET_SYNC_ALLOW_BACKWARDS, ACL_SYNC_ENABLE, ACL_SYNC_MS, ACL_FILTERS, ACL_SYNC_MODE,
			ACL_SYNC_INCLUDE_GROUPS, ACL_SYNC_DELETE_ENABLE, TOPIC_CONFIG_SYNC_MS, TOPIC_CONFIG_SYNC_EXCLUDE,
			MIRROR_GAP_FILL_MAX_RECORDS, MIRROR_PROMOTE_TIMEOUT_MS, MIRROR_DATA_LOSS_POLICY,
			MIRROR_DENY_WRITE_PRINCIPALS);

	private LinkConfigs() {
	}

	private static Map<String, LinkConfigDef> index(LinkConfigDef... defs) {
		Map<String, LinkConfigDef> byName = new LinkedHashMap<>();
		for (LinkConfigDef def : defs) {
			byName.put(def.name(), def);
		}
		return Collections.unmodifiableMap(byName);
	}

	/** Every link config, in documentation order. */
	public static List<LinkConfigDef> definitions() {
		return List.copyOf(DEFINITIONS.values());
	}

	/** The valid keys, sorted. */
	public static List<String> names() {
		return DEFINITIONS.keySet().stream().sorted().toList();
	}

	/**
	 * Validates configs from a request and returns them in canonical string form. Values
	 * may be strings (as in Confluent property files), booleans, numbers, or, for filter
	 * configs, JSON objects.
	 * @param raw the configs as they arrived; {@code null} values are not allowed here
	 * @return the configs as canonical strings, sorted by key
	 * @throws InvalidLinkConfigException naming the first unknown key or bad value
	 */
	public static Map<String, String> normalize(Map<String, ?> raw) {
		Map<String, String> normalized = new TreeMap<>();
		for (Map.Entry<String, ?> entry : raw.entrySet()) {
			LinkConfigDef def = definition(entry.getKey());
			if (entry.getValue() == null) {
				throw new InvalidLinkConfigException(def.name(), "must not be null", List.of());
			}
			normalized.put(def.name(), normalizeValue(def, entry.getValue()));
		}
		checkCombination(normalized);
		return normalized;
	}

	/**
	 * Whether configs make a bidirectional link ({@code link.mode=BIDIRECTIONAL}).
	 * @param configs normalized configs
	 * @return true for a bidirectional link
	 */
	public static boolean bidirectional(Map<String, String> configs) {
		return "BIDIRECTIONAL".equals(valueOf(LINK_MODE, configs));
	}

	/**
	 * Checks that a change keeps the configs that cannot change after creation.
	 * @param before the stored configs
	 * @param after the requested configs, already normalized
	 * @throws InvalidLinkConfigException naming an immutable key that would change
	 */
	public static void checkUpdate(Map<String, String> before, Map<String, String> after) {
		for (LinkConfigDef def : DEFINITIONS.values()) {
			if (!def.updatable() && !Objects.equals(valueOf(def, before), valueOf(def, after))) {
				throw new InvalidLinkConfigException(def.name(), "cannot be changed after the link is created",
						List.of());
			}
		}
	}

	/**
	 * Every config with its effective value, defaults marked as such.
	 * @param explicit the configs the link sets
	 * @return name to effective value, in documentation order
	 */
	public static Map<String, EffectiveValue> effective(Map<String, String> explicit) {
		Map<String, EffectiveValue> effective = new LinkedHashMap<>();
		for (LinkConfigDef def : DEFINITIONS.values()) {
			String value = explicit.get(def.name());
			effective.put(def.name(),
					(value != null) ? new EffectiveValue(value, false) : new EffectiveValue(def.defaultValue(), true));
		}
		return effective;
	}

	static String valueOf(LinkConfigDef def, Map<String, String> configs) {
		return configs.getOrDefault(def.name(), def.defaultValue());
	}

	/**
	 * The definition of a key.
	 * @param key a config key
	 * @return its definition
	 * @throws InvalidLinkConfigException when the key is unknown, listing the valid keys
	 */
	public static LinkConfigDef definition(@Nullable String key) {
		LinkConfigDef def = (key != null) ? DEFINITIONS.get(key) : null;
		if (def == null) {
			String shown = (key == null) ? "null" : key.replaceAll("[^A-Za-z0-9._-]", "?");
			throw new InvalidLinkConfigException(shown,
					"unknown link config; valid keys: " + String.join(", ", names()), names());
		}
		return def;
	}

	private static String normalizeValue(LinkConfigDef def, Object value) {
		try {
			return switch (def.type()) {
				case BOOLEAN -> normalizeBoolean(value);
				case LONG -> normalizeLong(def, value);
				case TOPIC_PREFIX -> normalizePrefix(value);
				case START_OFFSET_SPEC -> StartOffsetSpec.parse(requireString(value)).toString();
				case TOPIC_FILTERS -> normalizeNameFilters(value, FilterJson.TOPIC_FILTERS);
				case GROUP_FILTERS -> normalizeNameFilters(value, FilterJson.GROUP_FILTERS);
				case ACL_FILTERS -> {
					String json = FilterJson.toJsonText(value);
					FilterJson.parseAclFilters(json);
					yield FilterJson.canonical(json);
				}
				case STRING_LIST -> normalizeList(value);
				case ENUM -> normalizeEnum(def, value);
			};
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLinkConfigException(def.name(), ex.getMessage(), List.of());
		}
	}

	private static String normalizeNameFilters(Object value, String property) {
		String json = FilterJson.toJsonText(value);
		FilterJson.parseNameFilters(json, property);
		return FilterJson.canonical(json);
	}

	private static String requireString(Object value) {
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("must be a string");
		}
		return text;
	}

	private static String normalizeBoolean(Object value) {
		if (value instanceof Boolean bool) {
			return bool.toString();
		}
		String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
		if (!text.equals("true") && !text.equals("false")) {
			throw new IllegalArgumentException("must be true or false");
		}
		return text;
	}

	private static String normalizeLong(LinkConfigDef def, Object value) {
		if (value instanceof Boolean) {
			throw new IllegalArgumentException("must be a whole number from " + def.range());
		}
		String text = (value instanceof BigDecimal decimal) ? decimal.toPlainString() : String.valueOf(value).trim();
		long number = parseWholeNumber(text, def);
		if (number < def.min()) {
			throw new IllegalArgumentException("must be at least " + def.min() + " (allowed: " + def.range() + ")");
		}
		if (number > def.max()) {
			throw new IllegalArgumentException("must be at most " + def.max() + " (allowed: " + def.range() + ")");
		}
		return Long.toString(number);
	}

	/**
	 * A whole number; one too large for a {@code long} comes back as
	 * {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE}, which the range check rejects.
	 * Big integers from JSON arrive here as text, never truncated by
	 * {@code Number.longValue()}.
	 */
	private static long parseWholeNumber(String text, LinkConfigDef def) {
		if (!WHOLE_NUMBER.matcher(text).matches()) {
			throw new IllegalArgumentException("must be a whole number from " + def.range());
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	/**
	 * A stored number, as services read it: never throws. Values were validated on the
	 * way in, but a value stored before its bound existed (or written to the database by
	 * hand) may lie outside today's range: it is clamped to the nearer bound, and a value
	 * that is not a number at all gives way to the default. Either is logged once.
	 * @param def a {@link ConfigType#LONG} config
	 * @param configs the configs a link sets
	 * @return the value within {@code def}'s range
	 */
	static long number(LinkConfigDef def, Map<String, String> configs) {
		String stored = configs.get(def.name());
		String text = (stored != null) ? stored.trim() : def.defaultValue();
		long value;
		try {
			value = parseWholeNumber(text, def);
		}
		catch (IllegalArgumentException ex) {
			long fallback = Long.parseLong(def.defaultValue());
			warnOnce(def.name() + "=" + text, "link config {} is stored with a value that is not a whole number; "
					+ "using the default {} until it is set again", def.name(), fallback);
			return fallback;
		}
		long clamped = def.clamp(value);
		if (clamped != value) {
			warnOnce(def.name() + "=" + text,
					"link config {}={} is outside its range {} (stored before the bound existed?); using {} until "
							+ "it is set again",
					def.name(), (text.length() > 40) ? text.substring(0, 40) + "..." : text, def.range(), clamped);
		}
		return clamped;
	}

	private static void warnOnce(String key, String message, Object... arguments) {
		if (WARNED.size() < MAX_WARNINGS && WARNED.add(key)) {
			log.warn(message, arguments);
		}
	}

	private static String normalizePrefix(Object value) {
		String prefix = requireString(value);
		if (prefix.isEmpty()) {
			return prefix;
		}
		if (prefix.length() > 64) {
			throw new IllegalArgumentException("must be at most 64 characters");
		}
		String problem = Names.topicNameProblem(prefix);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return prefix;
	}

	private static String normalizeList(Object value) {
		List<String> items = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach((item) -> items.add(String.valueOf(item).trim()));
		}
		else {
			for (String item : String.valueOf(value).split(",")) {
				items.add(item.trim());
			}
		}
		items.removeIf(String::isEmpty);
		return String.join(",", items);
	}

	private static String normalizeEnum(LinkConfigDef def, Object value) {
		String text = String.valueOf(value).trim();
		// case-insensitive; stored as the allowed value is spelled (link.mode is upper
		// case,
		// as Confluent spells it)
		return def.allowed()
			.stream()
			.filter((allowed) -> allowed.equalsIgnoreCase(text))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("must be one of " + String.join(", ", def.allowed())));
	}

	private static void checkCombination(Map<String, String> configs) {
		if (Boolean.parseBoolean(valueOf(ACL_SYNC_ENABLE, configs)) && valueOf(ACL_FILTERS, configs).isEmpty()) {
			throw new InvalidLinkConfigException(ACL_FILTERS.name(), "is required when acl.sync.enable is true",
					List.of());
		}
	}

	/**
	 * A config's effective value.
	 *
	 * @param value the value, as a string
	 * @param isDefault whether it is the default (the link does not set it)
	 */
	public record EffectiveValue(String value, boolean isDefault) {
	}

}
