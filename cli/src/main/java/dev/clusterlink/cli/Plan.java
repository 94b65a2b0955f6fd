package dev.clusterlink.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The difference between an apply file and the running state: per object create, update
 * or delete, with the keys that change. Secret values are never shown, and since the link
 * manager answers them as {@code [hidden]}, a secret counts as unchanged while it is set
 * on both sides. Changes come in the order they must be applied: clusters, links,
 * mirrors; then deletions in reverse (only with prune).
 *
 * @param changes the changes, in order
 */
record Plan(List<Change> changes) {

	static final String HIDDEN = "[hidden]";

	static final String MASK = "***";

	enum Kind {

		cluster, link, mirror

	}

	enum Action {

		create, update, delete

	}

	/**
	 * One key's change; values already masked where secret.
	 *
	 * @param key the property, config or field
	 * @param before the running value ({@code null}: not set)
	 * @param after the wanted value ({@code null}: removed, back to the default)
	 */
	record KeyChange(String key, @Nullable String before, @Nullable String after) {
	}

	/**
	 * One object's change.
	 *
	 * @param kind cluster, link or mirror
	 * @param name the object's name (for a mirror: {@code link/mirror})
	 * @param action what happens to it
	 * @param keys the keys that change (create: every key given)
	 * @param desired the file's object (create and update)
	 * @param version the running object's version (update)
	 */
	record Change(Kind kind, String name, Action action, List<KeyChange> keys, @Nullable Object desired, long version) {
	}

	/** The running state a plan is computed against. */
	record Running(Map<String, JsonNode> clusters, Map<String, JsonNode> links,
			Map<String, List<JsonNode>> mirrorsByLink) {
	}

	boolean isEmpty() {
		return this.changes.isEmpty();
	}

	long count(Action action) {
		return this.changes.stream().filter((c) -> c.action() == action).count();
	}

	/**
	 * Computes the plan.
	 * @param resolve resolves references in a cluster's non-secret property values
	 * ({@code (where, value) -> resolved})
	 */
	static Plan between(DesiredState desired, Running running, boolean prune,
			BiFunction<String, String, String> resolve) {
		List<Change> changes = new ArrayList<>();
		for (DesiredState.Cluster cluster : desired.clusters()) {
			JsonNode actual = running.clusters().get(cluster.name());
			List<KeyChange> keys = clusterKeys(cluster, actual, resolve);
			if (actual == null) {
				changes.add(new Change(Kind.cluster, cluster.name(), Action.create, keys, cluster, 0));
			}
			else if (!keys.isEmpty()) {
				changes.add(new Change(Kind.cluster, cluster.name(), Action.update, keys, cluster,
						actual.path("version").asLong()));
			}
		}
		for (DesiredState.Link link : desired.links()) {
			JsonNode actual = running.links().get(link.name());
			if (actual != null) {
				refuseMove(link, actual, "sourceCluster", link.sourceCluster());
				refuseMove(link, actual, "destinationCluster", link.destinationCluster());
			}
			List<KeyChange> keys = linkKeys(link, actual);
			if (actual == null) {
				changes.add(new Change(Kind.link, link.name(), Action.create, keys, link, 0));
			}
			else if (!keys.isEmpty()) {
				changes.add(
						new Change(Kind.link, link.name(), Action.update, keys, link, actual.path("version").asLong()));
			}
		}
		List<Change> deletes = new ArrayList<>();
		for (DesiredState.Link link : desired.links()) {
			List<JsonNode> actualMirrors = running.mirrorsByLink().getOrDefault(link.name(), List.of());
			Set<String> wanted = new TreeSet<>();
			for (DesiredState.Mirror mirror : link.mirrors()) {
				String name = link.mirrorName(mirror);
				// a bidirectional link may have a mirror of one name in each direction
				wanted.add(name + "/" + direction(mirror.direction()));
				boolean present = actualMirrors.stream()
					.anyMatch((m) -> m.path("name").asString().equals(name)
							&& direction(mirror.direction()).equals(m.path("direction").asString("forward")));
				if (!present) {
					List<KeyChange> keys = new ArrayList<>();
					keys.add(new KeyChange("sourceTopic", null, mirror.sourceTopic()));
					if (mirror.direction() != null) {
						keys.add(new KeyChange("direction", null, mirror.direction()));
					}
					changes.add(new Change(Kind.mirror, link.name() + "/" + name, Action.create, keys,
							new MirrorOf(link.name(), mirror), 0));
				}
			}
			if (prune) {
				for (JsonNode mirror : actualMirrors) {
					if (!wanted.contains(
							mirror.path("name").asString() + "/" + mirror.path("direction").asString("forward"))) {
						deletes.add(mirrorDelete(link.name(), mirror));
					}
				}
			}
		}
		if (prune) {
			Set<String> wantedLinks = new TreeSet<>(desired.links().stream().map(DesiredState.Link::name).toList());
			for (String link : new TreeSet<>(running.links().keySet())) {
				if (!wantedLinks.contains(link)) {
					running.mirrorsByLink()
						.getOrDefault(link, List.of())
						.forEach((m) -> deletes.add(mirrorDelete(link, m)));
				}
			}
			for (String link : new TreeSet<>(running.links().keySet())) {
				if (!wantedLinks.contains(link)) {
					deletes.add(new Change(Kind.link, link, Action.delete, List.of(), null, 0));
				}
			}
			Set<String> wantedClusters = new TreeSet<>(
					desired.clusters().stream().map(DesiredState.Cluster::name).toList());
			for (String cluster : new TreeSet<>(running.clusters().keySet())) {
				if (!wantedClusters.contains(cluster)) {
					deletes.add(new Change(Kind.cluster, cluster, Action.delete, List.of(), null, 0));
				}
			}
		}
		changes.addAll(deletes);
		return new Plan(List.copyOf(changes));
	}

	/** A mirror of the file, with the link it belongs to. */
	record MirrorOf(String link, DesiredState.Mirror mirror) {
	}

	private static Change mirrorDelete(String link, JsonNode mirror) {
		return new Change(Kind.mirror, link + "/" + mirror.path("name").asString(), Action.delete, List.of(),
				new MirrorOf(link, new DesiredState.Mirror(mirror.path("sourceTopic").asString(),
						mirror.path("name").asString(), mirror.path("direction").asString("forward"))),
				0);
	}

	private static String direction(@Nullable String direction) {
		return (direction != null) ? direction : "forward";
	}

	private static void refuseMove(DesiredState.Link link, JsonNode actual, String field, String wanted) {
		String running = actual.path(field).asString();
		if (!running.equals(wanted)) {
			throw new CliException(ExitCodes.CONFIG, "link " + link.name() + ": " + field + " cannot change (running: "
					+ running + ", file: " + wanted + "); delete the link or give it another name");
		}
	}

	private static List<KeyChange> clusterKeys(DesiredState.Cluster cluster, @Nullable JsonNode actual,
			BiFunction<String, String, String> resolve) {
		List<KeyChange> keys = new ArrayList<>();
		String runningServers = (actual != null) ? actual.path("bootstrapServers").asString() : null;
		if (!cluster.bootstrapServers().equals(runningServers)) {
			keys.add(new KeyChange("bootstrapServers", runningServers, cluster.bootstrapServers()));
		}
		Map<String, String> running = new LinkedHashMap<>();
		if (actual != null) {
			actual.path("properties").properties().forEach((e) -> running.put(e.getKey(), e.getValue().asString()));
		}
		Set<String> all = new TreeSet<>(cluster.properties().keySet());
		all.addAll(running.keySet());
		for (String key : all) {
			String before = running.get(key);
			String raw = cluster.properties().get(key);
			boolean secret = References.isSecret(key) || HIDDEN.equals(before);
			if (secret) {
				// stored secrets read [hidden]: set on both sides counts as unchanged
				if ((before == null) != (raw == null)) {
					keys.add(new KeyChange(key, (before != null) ? MASK : null, (raw != null) ? MASK : null));
				}
				continue;
			}
			String after = (raw != null) ? resolve.apply("cluster " + cluster.name() + ", property " + key, raw) : null;
			if (!java.util.Objects.equals(before, after)) {
				keys.add(new KeyChange(key, before, after));
			}
		}
		boolean runningInsecure = actual != null && actual.path("acceptInsecureSasl").asBoolean(false);
		if (cluster.acceptInsecureSasl() != runningInsecure && (actual != null || cluster.acceptInsecureSasl())) {
			keys.add(new KeyChange("acceptInsecureSasl", (actual != null) ? String.valueOf(runningInsecure) : null,
					String.valueOf(cluster.acceptInsecureSasl())));
		}
		return keys;
	}

	private static List<KeyChange> linkKeys(DesiredState.Link link, @Nullable JsonNode actual) {
		List<KeyChange> keys = new ArrayList<>();
		if (actual == null) {
			keys.add(new KeyChange("sourceCluster", null, link.sourceCluster()));
			keys.add(new KeyChange("destinationCluster", null, link.destinationCluster()));
			new TreeSet<>(link.configs().keySet())
				.forEach((key) -> keys.add(new KeyChange(key, null, show(normalize(link.configs().get(key))))));
			return keys;
		}
		JsonNode configs = actual.path("configs");
		Set<String> all = new TreeSet<>(link.configs().keySet());
		for (Map.Entry<String, JsonNode> config : configs.properties()) {
			if (!config.getValue().path("isDefault").asBoolean(false)) {
				all.add(config.getKey());
			}
		}
		for (String key : all) {
			JsonNode running = configs.path(key);
			boolean runningSet = !running.isMissingNode() && !running.path("isDefault").asBoolean(false);
			JsonNode before = running.isMissingNode() ? null : normalize(running.path("value"));
			if (link.configs().containsKey(key)) {
				JsonNode after = normalize(link.configs().get(key));
				if (before == null || !before.equals(after)) {
					keys.add(new KeyChange(key, (before != null) ? show(before) : null, show(after)));
				}
			}
			else if (runningSet) {
				keys.add(new KeyChange(key, show(before), null));
			}
		}
		return keys;
	}

	/** Strings, numbers and booleans compare as text; JSON objects (filters) as trees. */
	static JsonNode normalize(@Nullable Object value) {
		JsonNode node = (value instanceof JsonNode json) ? json : Api.JSON.valueToTree(value);
		if (node == null || node.isNull() || node.isMissingNode()) {
			return StringNode.valueOf("");
		}
		if (node.isValueNode()) {
			String text = node.asString().strip();
			if (text.startsWith("{") || text.startsWith("[")) {
				try {
					return Api.JSON.readTree(text);
				}
				catch (JacksonException ex) {
					return StringNode.valueOf(text);
				}
			}
			return StringNode.valueOf(text);
		}
		return node;
	}

	private static String show(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

}
