package dev.clusterlink.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses Confluent's filter JSON: {@code {"topicFilters":[…]}},
 * {@code {"groupFilters":[…]}} and {@code {"aclFilters":[…]}}. Errors name the JSON path
 * of the problem and never echo input values.
 */
public final class FilterJson {

	/** The top-level property of {@code auto.create.mirror.topics.filters}. */
	public static final String TOPIC_FILTERS = "topicFilters";

	/** The top-level property of {@code consumer.offset.group.filters}. */
	public static final String GROUP_FILTERS = "groupFilters";

	/** The top-level property of {@code acl.filters}. */
	public static final String ACL_FILTERS = "aclFilters";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ANY = "any";

	private FilterJson() {
	}

	/**
	 * Parses {@code topicFilters} or {@code groupFilters} JSON.
	 * @param json the JSON text; blank means no filter
	 * @param property {@link #TOPIC_FILTERS} or {@link #GROUP_FILTERS}
	 * @return the filters
	 * @throws InvalidFilterException when the JSON does not have the expected shape
	 */
	public static NameFilters parseNameFilters(@Nullable String json, String property) {
		List<NameFilter> filters = new ArrayList<>();
		JsonNode array = topLevelArray(json, property);
		for (int i = 0; i < array.size(); i++) {
			String path = property + "[" + i + "]";
			JsonNode entry = object(array.get(i), path, Set.of("name", "patternType", "filterType"));
			String name = requiredString(entry, "name", path);
			PatternType patternType = enumValue(entry, "patternType", path, PatternType::valueOf, PatternType.LITERAL,
					"LITERAL or PREFIXED");
			FilterType filterType = enumValue(entry, "filterType", path, FilterType::valueOf, FilterType.INCLUDE,
					"INCLUDE or EXCLUDE");
			filters.add(new NameFilter(name, patternType, filterType));
		}
		return new NameFilters(filters);
	}

	/**
	 * Parses {@code aclFilters} JSON. Omitted fields and the value {@code any} match
	 * everything.
	 * @param json the JSON text; blank means no filter
	 * @return the filters
	 * @throws InvalidFilterException when the JSON does not have the expected shape
	 */
	public static AclFilters parseAclFilters(@Nullable String json) {
		List<AclFilter> filters = new ArrayList<>();
		JsonNode array = topLevelArray(json, ACL_FILTERS);
		for (int i = 0; i < array.size(); i++) {
			String path = ACL_FILTERS + "[" + i + "]";
			JsonNode entry = object(array.get(i), path, Set.of("resourceFilter", "accessFilter"));
			String resourcePath = path + ".resourceFilter";
			String accessPath = path + ".accessFilter";
			JsonNode resource = optionalObject(entry.get("resourceFilter"), resourcePath,
					Set.of("resourceType", "name", "patternType"));
			JsonNode access = optionalObject(entry.get("accessFilter"), accessPath,
					Set.of("principal", "host", "operation", "permissionType"));
			filters.add(new AclFilter(
					enumValue(resource, "resourceType", resourcePath, ResourceType::valueOf, ResourceType.ANY,
							"a Kafka resource type such as TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, or ANY"),
					wildcardString(resource, "name", resourcePath),
					enumValue(resource, "patternType", resourcePath,
							org.apache.kafka.common.resource.PatternType::valueOf,
							org.apache.kafka.common.resource.PatternType.ANY, "LITERAL, PREFIXED, MATCH or ANY"),
					wildcardString(access, "principal", accessPath), wildcardString(access, "host", accessPath),
					enumValue(access, "operation", accessPath, AclOperation::valueOf, AclOperation.ANY,
							"a Kafka ACL operation such as READ, WRITE, DESCRIBE, ALL, or ANY"),
					enumValue(access, "permissionType", accessPath, AclPermissionType::valueOf, AclPermissionType.ANY,
							"ALLOW, DENY or ANY")));
		}
		return new AclFilters(filters);
	}

	private static JsonNode topLevelArray(@Nullable String json, String property) {
		if (json == null || json.isBlank()) {
			return JSON.createArrayNode();
		}
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidFilterException("is not valid JSON (expected {\"" + property + "\":[...]})");
		}
		JsonNode top = object(root, "the value", Set.of(property));
		JsonNode array = top.get(property);
		if (array == null || !array.isArray()) {
			throw new InvalidFilterException("must have an array property \"" + property + "\"");
		}
		return array;
	}

	private static JsonNode object(@Nullable JsonNode node, String path, Set<String> allowed) {
		if (node == null || !node.isObject()) {
			throw new InvalidFilterException(path + " must be a JSON object");
		}
		for (String name : node.propertyNames()) {
			if (!allowed.contains(name)) {
				throw new InvalidFilterException(path + " has unknown property \"" + printable(name) + "\"; valid: "
						+ String.join(", ", allowed.stream().sorted().toList()));
			}
		}
		return node;
	}

	private static JsonNode optionalObject(@Nullable JsonNode node, String path, Set<String> allowed) {
		return (node == null || node.isNull()) ? JSON.createObjectNode() : object(node, path, allowed);
	}

	private static String requiredString(JsonNode entry, String field, String path) {
		JsonNode value = entry.get(field);
		if (value == null || !value.isString() || value.stringValue().isEmpty()) {
			throw new InvalidFilterException(path + "." + field + " must be a non-empty string");
		}
		return value.stringValue();
	}

	private static @Nullable String wildcardString(JsonNode entry, String field, String path) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidFilterException(path + "." + field + " must be a string");
		}
		return value.stringValue().equalsIgnoreCase(ANY) ? null : value.stringValue();
	}

	private static <E extends Enum<E>> E enumValue(JsonNode entry, String field, String path,
			Function<String, E> valueOf, E absent, String expected) {
		JsonNode value = entry.get(field);
		if (value == null || value.isNull()) {
			return absent;
		}
		if (value.isString()) {
			try {
				E parsed = valueOf.apply(value.stringValue().toUpperCase(Locale.ROOT));
				if (!parsed.name().equals("UNKNOWN")) {
					return parsed;
				}
			}
			catch (IllegalArgumentException ex) {
				// fall through to the error below
			}
		}
		throw new InvalidFilterException(path + "." + field + " must be " + expected);
	}

	/** Property names are user input too; keep only a short, plain prefix in messages. */
	private static String printable(String name) {
		String plain = name.replaceAll("[^A-Za-z0-9._-]", "?");
		return (plain.length() > 40) ? plain.substring(0, 40) + "…" : plain;
	}

	/**
	 * Writes JSON text in one canonical form, so that equal filters compare equal when
	 * stored.
	 * @param json filter JSON already validated by one of the parse methods
	 * @return the compact JSON text
	 */
	public static String canonical(String json) {
		if (json.isBlank()) {
			return "";
		}
		return JSON.writeValueAsString(JSON.readTree(json));
	}

	/**
	 * Reads a JSON value given either as a JSON object or as a string holding JSON, as
	 * link configs accept both (Confluent's property files carry the JSON as a string).
	 * @param value a config value from a request body
	 * @return the JSON text
	 */
	public static String toJsonText(Object value) {
		if (value instanceof Map<?, ?> || value instanceof List<?>) {
			return JSON.writeValueAsString(value);
		}
		return String.valueOf(value);
	}

}
