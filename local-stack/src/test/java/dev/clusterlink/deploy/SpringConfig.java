package dev.clusterlink.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A service's {@code application.yml} as Spring Boot reads it in a container: the
 * documents that no profile activates, merged; environment variables override properties
 * by Spring's relaxed names ({@code MANAGEMENT_SERVER_PORT} for
 * {@code management.server.port}) and fill {@code ${NAME:default}} placeholders.
 */
final class SpringConfig {

	/**
	 * Placeholders that may stay empty in production: blank means "derived" (the instance
	 * id falls back to the host name).
	 */
	private static final Set<String> OPTIONAL = Set.of("CLUSTERLINK_INSTANCE_ID");

	private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final Pattern LOOPBACK = Pattern.compile("127\\.0\\.0\\.1|localhost|::1");

	private final Map<String, String> properties;

	SpringConfig(Map<String, String> properties) {
		this.properties = properties;
	}

	static SpringConfig load(Path applicationYml) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map<String, Object> document : Yaml.documents(Repo.read(applicationYml))) {
			if (Yaml.at(document, "spring", "config", "activate", "on-profile") == null) {
				flatten("", document, properties);
			}
		}
		return new SpringConfig(properties);
	}

	private static void flatten(String prefix, Object node, Map<String, String> into) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
		}
		else if (node instanceof List<?> list) {
			into.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
		}
		else if (node != null) {
			into.put(prefix, node.toString());
		}
	}

	/** The environment variable that overrides a property (Spring's relaxed binding). */
	static String environmentName(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/** A property's value with that environment, or null when it is not set. */
	@Nullable String resolve(String property, Map<String, String> environment) {
		String override = environment.get(environmentName(property));
		if (override != null) {
			return override;
		}
		String raw = this.properties.get(property);
		return (raw != null) ? resolvePlaceholders(raw, environment) : null;
	}

	String resolvePlaceholders(String value, Map<String, String> environment) {
		StringBuilder resolved = new StringBuilder();
		int from = 0;
		for (Placeholder placeholder : Placeholder.parse(value)) {
			resolved.append(value, from, placeholder.start());
			String found = environment.get(placeholder.key());
			if (found == null && !ENV_NAME.matcher(placeholder.key()).matches()) {
				found = resolve(placeholder.key(), environment);
			}
			if (found == null && placeholder.defaultValue() != null) {
				found = resolvePlaceholders(placeholder.defaultValue(), environment);
			}
			if (found == null) {
				throw new IllegalStateException("placeholder ${" + placeholder.key() + "} has no value");
			}
			resolved.append(found);
			from = placeholder.end();
		}
		return resolved.append(value.substring(from)).toString();
	}

	String applicationName() {
		return this.properties.getOrDefault("spring.application.name", "");
	}

	/** The port the application listens on. */
	int serverPort(Map<String, String> environment) {
		String port = resolve("server.port", environment);
		return Integer.parseInt((port != null) ? port : "8080");
	}

	/**
	 * The port of the Actuator endpoints: a port of its own when set, else the
	 * application's.
	 */
	int managementPort(Map<String, String> environment) {
		String port = resolve("management.server.port", environment);
		return (port != null && !port.isBlank()) ? Integer.parseInt(port) : serverPort(environment);
	}

	/**
	 * The path of a health group, when the group exists and the health endpoint is
	 * exposed over HTTP; null otherwise.
	 */
	@Nullable String healthGroupPath(String group, Map<String, String> environment) {
		if (!healthGroups().contains(group) || !exposedOverHttp("health", environment)) {
			return null;
		}
		String base = resolve("management.endpoints.web.base-path", environment);
		return ((base != null) ? base : "/actuator") + "/health/" + group;
	}

	/**
	 * The health groups: those configured, plus liveness and readiness when probes are
	 * on.
	 */
	Set<String> healthGroups() {
		Set<String> groups = new TreeSet<>();
		String prefix = "management.endpoint.health.group.";
		this.properties.keySet()
			.stream()
			.filter((key) -> key.startsWith(prefix))
			.map((key) -> key.substring(prefix.length()).split("\\.")[0])
			.forEach(groups::add);
		if ("true".equals(this.properties.get("management.endpoint.health.probes.enabled"))) {
			groups.addAll(List.of("liveness", "readiness"));
		}
		return groups;
	}

	/** The indicators a health group includes. */
	List<String> healthGroupMembers(String group) {
		String include = this.properties.get("management.endpoint.health.group." + group + ".include");
		return (include != null) ? Arrays.stream(include.split(",")).map(String::trim).toList() : List.of();
	}

	private boolean exposedOverHttp(String endpoint, Map<String, String> environment) {
		String include = resolve("management.endpoints.web.exposure.include", environment);
		List<String> exposed = (include != null) ? Arrays.stream(include.split(",")).map(String::trim).toList()
				: List.of("health");
		return exposed.contains(endpoint) || exposed.contains("*");
	}

	/**
	 * The environment variables a deployment must set: placeholders without a default,
	 * with an empty one (required in production, e.g. the secret key), or with one that
	 * points at the loopback interface, which is the container itself.
	 */
	Set<String> requiredEnvironment() {
		Set<String> required = new TreeSet<>();
		for (String value : this.properties.values()) {
			collectRequired(value, required);
		}
		return required;
	}

	private static void collectRequired(String value, Set<String> required) {
		for (Placeholder placeholder : Placeholder.parse(value)) {
			String fallback = placeholder.defaultValue();
			if (fallback != null) {
				collectRequired(fallback, required);
			}
			boolean environmentVariable = ENV_NAME.matcher(placeholder.key()).matches();
			boolean noUsableDefault = fallback == null || fallback.isBlank() || LOOPBACK.matcher(fallback).find();
			if (environmentVariable && noUsableDefault && !OPTIONAL.contains(placeholder.key())) {
				required.add(placeholder.key());
			}
		}
	}

	/**
	 * One top-level {@code ${key:default}} in a value; the default may hold placeholders.
	 */
	record Placeholder(int start, int end, String key, @Nullable String defaultValue) {

		static List<Placeholder> parse(String value) {
			List<Placeholder> found = new ArrayList<>();
			int start = value.indexOf("${");
			while (start >= 0) {
				int depth = 0;
				int separator = -1;
				int index = start;
				while (index < value.length()) {
					if (value.startsWith("${", index)) {
						depth++;
						index += 2;
						continue;
					}
					char character = value.charAt(index);
					if (character == ':' && depth == 1 && separator < 0) {
						separator = index;
					}
					else if (character == '}' && --depth == 0) {
						break;
					}
					index++;
				}
				if (depth != 0) {
					throw new IllegalStateException("unbalanced placeholder in '" + value + "'");
				}
				String key = value.substring(start + 2, (separator >= 0) ? separator : index);
				String defaultValue = (separator >= 0) ? value.substring(separator + 1, index) : null;
				found.add(new Placeholder(start, index + 1, key, defaultValue));
				start = value.indexOf("${", index + 1);
			}
			return found;
		}

	}

}
