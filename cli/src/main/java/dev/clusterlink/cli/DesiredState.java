package dev.clusterlink.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What an apply file asks for: clusters (credentials by reference only), links with their
 * configs, and each link's mirrors.
 *
 * <pre>
 * clusters:
 *   - name: eu
 *     bootstrapServers: eu-kafka:9092
 *     properties:
 *       security.protocol: SASL_SSL
 *       sasl.jaas.config: ${file:/etc/clusterlink/eu.jaas}
 * links:
 *   - name: eu-to-us
 *     sourceCluster: eu
 *     destinationCluster: us
 *     configs:
 *       cluster.link.prefix: eu.
 *     mirrors:
 *       - orders                       # or {sourceTopic: orders, name: eu.orders, direction: forward}
 * </pre>
 */
record DesiredState(List<Cluster> clusters, List<Link> links) {

	record Cluster(String name, String bootstrapServers, Map<String, String> properties, boolean acceptInsecureSasl) {
	}

	record Link(String name, String sourceCluster, String destinationCluster, Map<String, Object> configs,
			List<Mirror> mirrors) {

		/** The mirror topic's name a mirror gets when the file names none. */
		String mirrorName(Mirror mirror) {
			if (mirror.name() != null) {
				return mirror.name();
			}
			Object prefix = this.configs.get("cluster.link.prefix");
			return ((prefix != null) ? prefix.toString() : "") + mirror.sourceTopic();
		}

	}

	record Mirror(String sourceTopic, @Nullable String name, @Nullable String direction) {
	}

	private static final Set<String> TOP = Set.of("clusters", "links");

	private static final Set<String> CLUSTER = Set.of("name", "bootstrapServers", "properties", "acceptInsecureSasl");

	private static final Set<String> LINK = Set.of("name", "sourceCluster", "destinationCluster", "configs", "mirrors");

	private static final Set<String> MIRROR = Set.of("sourceTopic", "name", "direction");

	static DesiredState parse(String yaml, String file) {
		JsonNode root;
		try {
			root = YAMLMapper.builder().build().readTree(yaml);
		}
		catch (JacksonException ex) {
			throw invalid(file, "not valid YAML: " + ex.getOriginalMessage());
		}
		if (root == null || root.isMissingNode() || root.isNull()) {
			return new DesiredState(List.of(), List.of());
		}
		known(root, TOP, file, "the top level");
		List<Cluster> clusters = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (JsonNode node : list(root, "clusters", file)) {
			known(node, CLUSTER, file, "a cluster");
			String name = required(node, "name", file, "a cluster");
			String where = "cluster " + name;
			if (!names.add(name)) {
				throw invalid(file, where + " is given twice");
			}
			Map<String, String> properties = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
				String value = property.getValue().asString();
				References.requireReference(property.getKey(), value, file + ": " + where);
				properties.put(property.getKey(), value);
			}
			clusters.add(new Cluster(name, required(node, "bootstrapServers", file, where), properties,
					node.path("acceptInsecureSasl").asBoolean(false)));
		}
		List<Link> links = new ArrayList<>();
		names.clear();
		for (JsonNode node : list(root, "links", file)) {
			known(node, LINK, file, "a link");
			String name = required(node, "name", file, "a link");
			String where = "link " + name;
			if (!names.add(name)) {
				throw invalid(file, where + " is given twice");
			}
			Map<String, Object> configs = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> config : node.path("configs").properties()) {
				configs.put(config.getKey(), Api.JSON.treeToValue(config.getValue(), Object.class));
			}
			List<Mirror> mirrors = new ArrayList<>();
			Set<String> mirrorNames = new HashSet<>();
			for (JsonNode mirror : list(node, "mirrors", file)) {
				Mirror parsed;
				if (mirror.isString()) {
					parsed = new Mirror(mirror.asString(), null, null);
				}
				else {
					known(mirror, MIRROR, file, "a mirror of " + where);
					parsed = new Mirror(required(mirror, "sourceTopic", file, "a mirror of " + where),
							text(mirror, "name"), text(mirror, "direction"));
				}
				mirrors.add(parsed);
			}
			Link link = new Link(name, required(node, "sourceCluster", file, where),
					required(node, "destinationCluster", file, where), configs, mirrors);
			for (Mirror mirror : mirrors) {
				if (!mirrorNames.add(link.mirrorName(mirror))) {
					throw invalid(file, where + ": mirror " + link.mirrorName(mirror) + " is given twice");
				}
			}
			links.add(link);
		}
		return new DesiredState(clusters, links);
	}

	private static Iterable<JsonNode> list(JsonNode node, String field, String file) {
		JsonNode value = node.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			throw invalid(file, field + " must be a list");
		}
		return value;
	}

	private static void known(JsonNode node, Set<String> allowed, String file, String where) {
		if (!node.isObject()) {
			throw invalid(file, where + " must be a mapping");
		}
		for (String name : node.propertyNames()) {
			if (!allowed.contains(name)) {
				throw invalid(file, where + ": unknown field " + name + " (known: "
						+ String.join(", ", allowed.stream().sorted().toList()) + ")");
			}
		}
	}

	private static String required(JsonNode node, String field, String file, String where) {
		String value = text(node, field);
		if (value == null || value.isBlank()) {
			throw invalid(file, where + ": " + field + " is required");
		}
		return value;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static CliException invalid(String file, String message) {
		return new CliException(ExitCodes.CONFIG, file + ": " + message);
	}

}
